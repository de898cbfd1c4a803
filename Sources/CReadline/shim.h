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

/* ---- Added for the terminal front end (AdvisorTerminal) ---- */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void advisor_rl_set_completer_word_break_characters(const char *chars) {
    rl_completer_word_break_characters = chars;
}
static inline void advisor_rl_set_display_matches_hook(rl_compdisp_func_t *function) {
    rl_completion_display_matches_hook = function;
}
static inline int advisor_history_length(void) { return history_length; }

/* The line most recently added to the history, or NULL. */
static inline const char *advisor_history_last_line(void) {
    HIST_ENTRY *entry = history_get(history_base + history_length - 1);
    return entry ? entry->line : NULL;
}

/* What advisor_rl_read_line saw. */
enum {
    ADVISOR_RL_LINE = 0,        /* a line was entered */
    ADVISOR_RL_INTERRUPTED = 1, /* Ctrl-C: the line was discarded */
    ADVISOR_RL_END = 2          /* Ctrl-D on an empty line, end of input, SIGHUP or SIGTERM */
};

/* What the signal handler, readline's line callback and the reading loop share.

   The caller owns the one instance and passes it to every function here. Nothing below
   keeps state of its own: these static inline functions are emitted into every object
   file (and, with cross-module optimisation, every module) that uses them, and each copy
   of a static variable would be a different variable. */
struct advisor_rl_state {
    volatile sig_atomic_t pending_interrupt;
    volatile sig_atomic_t pending_resize;
    volatile sig_atomic_t pending_hangup;
    volatile sig_atomic_t pending_stop;
    char *entered_line;
    int line_done;
    /* The signal handler writes a byte here: the signal may be handled on another thread
       than the one waiting in poll, which then would not wake up. */
    int wake[2];
};

/* For the signal handler: records the signal and wakes the reading loop. */
static inline void advisor_rl_note_signal(struct advisor_rl_state *state, int number) {
    int saved = errno;
    if (number == SIGINT) state->pending_interrupt = 1;
    else if (number == SIGWINCH) state->pending_resize = 1;
    else if (number == SIGTSTP) state->pending_stop = 1;
    else state->pending_hangup = 1;
    if (state->wake[1] >= 0) {
        ssize_t ignored = write(state->wake[1], "!", 1);
        (void)ignored;
    }
    errno = saved;
}

/* For readline's line callback: records the line (NULL at the end of input). Removing the
   callback here stops readline from showing the prompt again at once. */
static inline void advisor_rl_note_line(struct advisor_rl_state *state, char *line) {
    state->entered_line = line;
    state->line_done = 1;
    rl_callback_handler_remove();
}

/* Sets up `state` and installs `handler` (which calls advisor_rl_note_signal) for SIGINT,
   SIGWINCH, SIGTSTP, SIGTERM and SIGHUP, without SA_RESTART. Readline's own signal
   handling is switched off: the flags are acted on between keys, where it is safe, and on
   the thread reading lines, which need not be the one a signal is delivered to. */
static inline void advisor_rl_install_signal_handlers(struct advisor_rl_state *state, void (*handler)(int)) {
    memset(state, 0, sizeof *state);
    if (pipe(state->wake) != 0) {
        state->wake[0] = state->wake[1] = -1;
    } else {
        for (int i = 0; i < 2; i++) {
            fcntl(state->wake[i], F_SETFL, fcntl(state->wake[i], F_GETFL) | O_NONBLOCK);
            fcntl(state->wake[i], F_SETFD, FD_CLOEXEC);
        }
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGWINCH, &action, NULL);
    sigaction(SIGTSTP, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

/* Ctrl-Z: gives the terminal back as it was, stops, and after `fg` takes it again with the
   line as it was being edited. */
static inline void advisor_rl_stop(const char *prompt, rl_vcpfunc_t *line_handler) {
    char *saved = strdup(rl_line_buffer ? rl_line_buffer : "");
    int point = rl_point;
    rl_callback_handler_remove();
    fputc('\n', rl_outstream);
    fflush(rl_outstream);
    /* Raised on this thread with SIGTSTP unblocked, so that the stop happens before raise
       returns: this thread may be one of the Swift runtime's, which block signals, and a
       signal sent to the process would stop it later, after the terminal was taken again. */
    struct sigaction stop, ours;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigemptyset(&stop.sa_mask);
    sigset_t only_stop, previous;
    sigemptyset(&only_stop);
    sigaddset(&only_stop, SIGTSTP);
    sigaction(SIGTSTP, &stop, &ours);
    pthread_sigmask(SIG_UNBLOCK, &only_stop, &previous);
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    sigaction(SIGTSTP, &ours, NULL);
    rl_callback_handler_install(prompt, line_handler);
    if (saved) {
        rl_replace_line(saved, 0);
        rl_point = point <= rl_end ? point : rl_end;
        free(saved);
    }
    rl_redisplay();
}

/* Reads one line with readline's callback interface, so that Ctrl-C can discard the line
   being edited and return (readline() itself would carry on with the same line).
   `line_handler` must call advisor_rl_note_line with `state`. On ADVISOR_RL_LINE, *line is
   a malloc'ed string the caller frees. */
static inline int advisor_rl_read_line(struct advisor_rl_state *state, const char *prompt,
                                       rl_vcpfunc_t *line_handler, char **line) {
    *line = NULL;
    state->pending_interrupt = 0;
    state->entered_line = NULL;
    state->line_done = 0;
    if (state->pending_hangup) return ADVISOR_RL_END;
    rl_callback_handler_install(prompt, line_handler);
    for (;;) {
        if (state->pending_hangup) {
            rl_callback_handler_remove();
            return ADVISOR_RL_END;
        }
        if (state->pending_stop) {
            state->pending_stop = 0;
            advisor_rl_stop(prompt, line_handler);
            continue;
        }
        if (state->pending_resize) {
            state->pending_resize = 0;
            rl_resize_terminal();
        }
        if (state->pending_interrupt) {
            state->pending_interrupt = 0;
            rl_callback_sigcleanup();
            rl_free_line_state();
            rl_point = rl_end;
            rl_redisplay();
            fputs("^C\n", rl_outstream);
            fflush(rl_outstream);
            rl_callback_handler_remove();
            return ADVISOR_RL_INTERRUPTED;
        }
        struct pollfd fds[2] = {
            { fileno(rl_instream ? rl_instream : stdin), POLLIN, 0 },
            { state->wake[0], POLLIN, 0 },
        };
        int ready = poll(fds, state->wake[0] >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            rl_callback_handler_remove();
            return ADVISOR_RL_END;
        }
        if (state->wake[0] >= 0 && (fds[1].revents & POLLIN)) {
            char drained[64];
            while (read(state->wake[0], drained, sizeof drained) > 0) {}
            continue;
        }
        if (fds[0].revents & (POLLERR | POLLNVAL)) {
            rl_callback_handler_remove();
            return ADVISOR_RL_END;
        }
        if (fds[0].revents == 0) continue;
        /* After a hang-up the terminal reads as the end of input: readline sees EOF. */
        rl_callback_read_char();
        if (state->line_done) {
            if (state->entered_line == NULL) return ADVISOR_RL_END;
            *line = state->entered_line;
            return ADVISOR_RL_LINE;
        }
        if ((fds[0].revents & POLLHUP) && !(fds[0].revents & POLLIN)) {
            rl_callback_handler_remove();
            return ADVISOR_RL_END;
        }
    }
}
