import Foundation
import Glibc

/// Who is chatting and where their conversations are kept, when the command line does not say.
public enum ChatDefaults {
    /// The login name of the user running the process, from the password database.
    public static func systemUserName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        let user = String(cString: name)
        return user.isEmpty ? nil : user
    }

    /// `$XDG_STATE_HOME/advisor`, else `~/.local/state/advisor`; nil without a home.
    ///
    /// As the XDG base directory specification asks, a relative `XDG_STATE_HOME` is ignored.
    public static func stateDirectory(environment: [String: String]) -> URL? {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return URL(fileURLWithPath: state, isDirectory: true).appendingPathComponent("advisor", isDirectory: true)
        }
        guard let home = homeDirectory(environment: environment) else { return nil }
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".local/state/advisor", isDirectory: true)
    }

    private static func homeDirectory(environment: [String: String]) -> String? {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.hasPrefix("/") ? home : nil
    }
}
