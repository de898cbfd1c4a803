import Foundation
import Glibc

/// Runs a program to its end with posix_spawn, its standard streams on files.
///
/// Not Foundation's `Process`: on Linux it learns that a child ended when a socket the
/// child inherited is closed, and a program that starts a daemon (the first tmux command
/// starts the tmux server) hands that socket on, so the end is never seen. Here the child
/// gets no descriptor but its three streams, and `waitpid` says when it ends.
enum ChildProcess {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the
    /// Glibc module does not declare.
    private static let closeFrom: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Starts `executable` with its streams on files (`error` nil: with the output) and
    /// no other descriptor, and returns its pid without waiting.
    ///
    /// - Throws: `TestFailure` if it cannot be started.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        input: String = "/dev/null", output: String, error: String?
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let error {
            posix_spawn_file_actions_addopen(&actions, 2, error, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let started = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard started == 0 else {
            throw TestFailure("Could not start \(executable): \(String(cString: strerror(started)))")
        }
        return pid
    }

    /// Runs `executable` and returns its exit status (128 + the signal if one killed it).
    ///
    /// - Throws: `TestFailure` if it cannot be started or runs longer than `timeout` seconds
    ///   (it is then killed).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String],
        input: String = "/dev/null", output: String, error: String, timeout: Double
    ) throws -> Int32 {
        let pid = try spawn(executable, arguments, environment: environment, input: input, output: output, error: error)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR {
                throw TestFailure("Could not wait for \(executable): \(String(cString: strerror(errno)))")
            }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw TestFailure("\(executable) \(arguments.joined(separator: " ")) ran longer than \(timeout) s")
            }
            usleep(2_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
