#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Setters and getters so that Swift never touches readline's mutable globals directly
   (they are errors under Swift 6 strict concurrency). */
static inline void advisor_rl_set_name(const char *name) { rl_readline_name = name; }
static inline void advisor_rl_set_completion(rl_completion_func_t *function) {
    rl_attempted_completion_function = function;
}
static inline void advisor_rl_set_completion_over(int value) { rl_attempted_completion_over = value; }
static inline void advisor_rl_set_catch_signals(int value) { rl_catch_signals = value; rl_catch_sigwinch = value; }
static inline int advisor_rl_point(void) { return rl_point; }
static inline const char *advisor_rl_line_buffer(void) { return rl_line_buffer; }
static inline void advisor_rl_set_basic_word_break_characters(const char *chars) {
    rl_basic_word_break_characters = (char *)chars;
}
static inline void advisor_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline char **advisor_rl_completion_matches(const char *text, rl_compentry_func_t *generator) {
    return rl_completion_matches(text, generator);
}
