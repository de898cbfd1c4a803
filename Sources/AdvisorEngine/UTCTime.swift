import Glibc

/// A moment as calendar fields in UTC, for the timestamps written into file names and JSON.
/// The caller gives the moment (the engine reads no clock).
public struct UTCTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    /// The fields of a moment given in whole seconds since 1970 (1970-01-01 when the system
    /// cannot convert it).
    public init(secondsSince1970: Int) {
        var seconds = time_t(secondsSince1970)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else {
            (year, month, day, hour, minute, second) = (1970, 1, 1, 0, 0, 0)
            return
        }
        year = Int(parts.tm_year) + 1900
        month = Int(parts.tm_mon) + 1
        day = Int(parts.tm_mday)
        hour = Int(parts.tm_hour)
        minute = Int(parts.tm_min)
        second = Int(parts.tm_sec)
    }

    /// `YYYYMMDD`, `separator`, `HHMMSS`: sortable, and without characters file systems dislike.
    public func compact(separator: String = "T", suffix: String = "Z") -> String {
        Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2) + separator + Self.pad(hour, 2) + Self.pad(minute, 2) + Self.pad(second, 2) + suffix
    }

    /// ISO 8601 as `JSONEncoder`'s `.iso8601` writes it: `2023-11-14T22:13:20Z`.
    public var iso8601: String {
        Self.pad(year, 4) + "-" + Self.pad(month, 2) + "-" + Self.pad(day, 2) + "T" + Self.pad(hour, 2) + ":" + Self.pad(minute, 2) + ":"
            + Self.pad(second, 2) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
