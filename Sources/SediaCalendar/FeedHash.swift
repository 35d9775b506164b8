import Crypto

/// The keyed hash behind feed UIDs (HMAC-SHA-256 from swift-crypto); keys and digests are written in SediaCore's `Hex`.
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
}
