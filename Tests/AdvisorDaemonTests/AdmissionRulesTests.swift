@testable import AdvisorDaemon
import Testing

/// The audit's bug 2: one client could take every connection (1,100 slow connections left
/// 0 of 81 good turns answered). Per account, per address, TCP apart, a reserve for SSH.
struct AdmissionRulesTests {
    let rules = AdmissionRules(total: 100, perAccount: 4, trustedReserve: 10, tcpTotal: 8, perAddress: 3, trustedUID: 999)

    @Test func oneAccountHoldsAtMostItsShare() {
        let alice = ConnectionOwner.account(uid: 1000)
        #expect(rules.refusal(for: alice, open: 50, ownedBy: 3, tcpOpen: 0) == nil)
        #expect(rules.refusal(for: alice, open: 50, ownedBy: 4, tcpOpen: 0) == .ownerFull(4))
    }

    @Test func theReserveIsForTheTrustedAccountOnly() {
        #expect(rules.refusal(for: .account(uid: 1000), open: 90, ownedBy: 0, tcpOpen: 0) == .full(100))
        #expect(rules.refusal(for: .address("127.0.0.1"), open: 90, ownedBy: 0, tcpOpen: 0) == .full(100))
        // The trusted account speaks for every SSH student: no share of its own, only the total.
        #expect(rules.refusal(for: .account(uid: 999), open: 99, ownedBy: 80, tcpOpen: 0) == nil)
        #expect(rules.refusal(for: .account(uid: 999), open: 100, ownedBy: 80, tcpOpen: 0) == .full(100))
        // Without a trusted account nothing is held back.
        var open = rules
        open.trustedUID = nil
        #expect(open.refusal(for: .account(uid: 1000), open: 95, ownedBy: 0, tcpOpen: 0) == nil)
    }

    @Test func tcpHasALimitOfItsOwnAndPerAddress() {
        #expect(rules.refusal(for: .address("127.0.0.1"), open: 20, ownedBy: 2, tcpOpen: 7) == nil)
        #expect(rules.refusal(for: .address("127.0.0.1"), open: 20, ownedBy: 3, tcpOpen: 7) == .ownerFull(3))
        #expect(rules.refusal(for: .address("::1"), open: 20, ownedBy: 0, tcpOpen: 8) == .tcpFull(8))
    }

    @Test func anAddressIsItsHostWhateverThePort() {
        #expect(ConnectionOwner(.tcp(address: "[IPv4]127.0.0.1/127.0.0.1:53122")) == .address("127.0.0.1"))
        #expect(ConnectionOwner(.tcp(address: "[IPv6]::1/::1:40000")) == ConnectionOwner(.tcp(address: "[IPv6]::1/::1:40001")))
        #expect(ConnectionOwner(.tcp(address: "127.0.0.1:5000")) == .address("127.0.0.1"))
    }
}
