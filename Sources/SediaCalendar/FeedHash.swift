import Crypto

/// The keyed hash behind feed UIDs (HMAC-SHA-256 from swift-crypto) and the hex forms of keys and digests.
enum FeedHash {
    /// The installation's UID key, made once per export for its many UIDs: the keyed HMAC state is set up once and
    /// copied for each message (HMAC is a value type), instead of hashing the key's pads again for every UID.
    struct HMACKey {
        let keyed: HMAC<SHA256>

        init(_ key: [UInt8]) { keyed = HMAC<SHA256>(key: SymmetricKey(data: key)) }

        func mac(_ message: [UInt8]) -> [UInt8] {
            var h = keyed
            h.update(data: message)
            return Array(h.finalize())
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lowercase or uppercase hex; nil on anything else.
    static func bytes(hex text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}
