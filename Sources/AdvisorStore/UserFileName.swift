import AdvisorEngine
import Foundation

/// A user name turned into a file name that cannot leave the directory it is used in.
///
/// Letters, digits, `_`, `-` and every `.` but a leading one are kept; every other UTF-8
/// byte (including `/`, `%` and a leading `.`) becomes `%XX`. So the base name is never
/// empty, never `.` or `..`, never starts with `.` (names starting with `.` are the store's
/// temporary files), never contains `/`, and two different user names never share one.
/// The name is put in Unicode canonical composition (NFC) first, because Swift compares
/// strings that way: `"é"` typed precomposed or decomposed is the same user.
///
/// The file store keeps `<base>.json` and `<base>.lock`; the terminal keeps its readline
/// history in `<base>.history` in the same directory, so that `/forget` removes it too.
public struct UserFileName: Sendable, Hashable, CustomStringConvertible {
    /// The longest user name accepted, in UTF-8 bytes (after NFC composition).
    ///
    /// Encoded, such a name takes at most 192 bytes, which leaves room for the extensions
    /// and quarantine suffixes within the usual 255-byte limit on a file name.
    public static let maximumUserNameBytes = 64

    /// The encoded name, without an extension.
    public let baseName: String

    /// Encodes `user`.
    ///
    /// - Throws: `SessionStoreError` if the name is empty, contains a control character
    ///   (NUL, tab, new line, ...) or is longer than `maximumUserNameBytes`.
    public init(user: String) throws {
        guard !user.isEmpty else {
            throw SessionStoreError("A user name cannot be empty.")
        }
        // ASCII is its own canonical composition: only other names need Foundation's.
        let isASCII = user.utf8.allSatisfy { $0 < 0x80 }
        let hasControl = isASCII
            ? user.utf8.contains { $0 < 0x20 || $0 == 0x7F }
            : ControlCharacters.occur(in: user)
        guard !hasControl else {
            throw SessionStoreError("A user name cannot contain control characters such as NUL, tab or a line break.")
        }
        // U+FFFD is what bytes that are not UTF-8 were repaired to on the way in: two different
        // such names would share one file.
        guard isASCII || !user.unicodeScalars.contains("\u{FFFD}") else {
            throw SessionStoreError("A user name must be valid UTF-8: this one has bytes that are not (shown as U+FFFD), and two such names could not be told apart.")
        }
        let bytes = isASCII ? Array(user.utf8) : Array(user.precomposedStringWithCanonicalMapping.utf8)
        guard bytes.count <= Self.maximumUserNameBytes else {
            throw SessionStoreError(
                "A user name can be at most \(Self.maximumUserNameBytes) bytes long in UTF-8; this one has \(bytes.count)."
            )
        }
        var encoded = ""
        for (index, byte) in bytes.enumerated() {
            if Self.isKept(byte, atStart: index == 0) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%" + Self.hexDigits(byte)
            }
        }
        baseName = encoded
    }

    public var description: String { baseName }

    /// A name as found in a state directory: the file name without its extension, as
    /// `init(user:)` encoded it; nil if no user name encodes to it.
    init?(baseName: String) {
        let bytes = Array(baseName.utf8)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        while index < bytes.count {
            if Self.isKept(bytes[index], atStart: index == 0) {
                index += 1
            } else if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                      bytes[(index + 1)...(index + 2)].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x46).contains($0) }) {
                index += 3
            } else {
                return nil
            }
        }
        self.baseName = baseName
    }

    /// The file name for this user with the given extension: `<base>.<extension>`.
    ///
    /// - Parameter extension: lowercase ASCII letters and digits only, such as `history`.
    /// - Throws: `SessionStoreError` if the extension is empty or has other characters.
    public func fileName(extension ext: String) throws -> String {
        guard !ext.isEmpty, ext.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }) else {
            throw SessionStoreError("A file extension must be lowercase ASCII letters and digits, not \"\(ext)\".")
        }
        return baseName + "." + ext
    }

    /// The file for this user with the given extension, directly inside `directory`.
    ///
    /// - Throws: `SessionStoreError` if the extension is not lowercase letters and digits.
    public func url(in directory: URL, extension ext: String) throws -> URL {
        directory.appendingPathComponent(try fileName(extension: ext), isDirectory: false)
    }

    private static func isKept(_ byte: UInt8, atStart: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        case UInt8(ascii: "."):
            return !atStart
        default:
            return false
        }
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
