/// Public facts used to generate realistic instances: states and their working weeks, CIC
/// towns, courts and a year of holidays. Sample data for tests and benchmarks only: the
/// authoritative calendars are the ICS files in `calendars/`.
enum MalaysianSampleData {
    struct Place {
        let state: String
        let centre: String
        let town: String
        let lat: Double
        let lon: Double
        /// Degrees around the centre where children live.
        let spread: Double
        let court: String
        let courtTown: String
        let courtState: String
        /// Relative caseload.
        let weight: Int
        /// Languages besides Malay and English commonly spoken by children here.
        let languages: [String]
    }

    static let states: [StateInfo] = [
        ("MY-01", "Johor", [Weekday.sat, .sun]), ("MY-02", "Kedah", [.fri, .sat]), ("MY-03", "Kelantan", [.fri, .sat]),
        ("MY-04", "Melaka", [.sat, .sun]),
        ("MY-05", "Negeri Sembilan", [.sat, .sun]), ("MY-06", "Pahang", [.sat, .sun]), ("MY-07", "Pulau Pinang", [.sat, .sun]),
        ("MY-08", "Perak", [.sat, .sun]), ("MY-09", "Perlis", [.sat, .sun]), ("MY-10", "Selangor", [.sat, .sun]),
        ("MY-11", "Terengganu", [.fri, .sat]),
        ("MY-12", "Sabah", [.sat, .sun]), ("MY-13", "Sarawak", [.sat, .sun]), ("MY-14", "Wilayah Persekutuan Kuala Lumpur", [.sat, .sun]),
        ("MY-15", "Wilayah Persekutuan Labuan", [.sat, .sun]), ("MY-16", "Wilayah Persekutuan Putrajaya", [.sat, .sun]),
    ].map { StateInfo(code: .init($0.0), name: $0.1, weekend: $0.2) }

    static let places: [Place] = [
        Place(
            state: "MY-01", centre: "CIC-JB", town: "Johor Bahru", lat: 1.4927, lon: 103.7414, spread: 0.6, court: "SES-JB", courtTown: "Johor Bahru",
            courtState: "MY-01", weight: 10, languages: ["zh", "ta"]),
        Place(
            state: "MY-02", centre: "CIC-AS", town: "Alor Setar", lat: 6.1248, lon: 100.3678, spread: 0.4, court: "SES-AS", courtTown: "Alor Setar",
            courtState: "MY-02", weight: 6, languages: ["zh"]),
        Place(
            state: "MY-03", centre: "CIC-KB", town: "Kota Bharu", lat: 6.1254, lon: 102.2381, spread: 0.5, court: "SES-KB", courtTown: "Kota Bharu",
            courtState: "MY-03", weight: 6, languages: ["th"]),
        Place(
            state: "MY-04", centre: "CIC-MLK", town: "Melaka", lat: 2.1896, lon: 102.2501, spread: 0.2, court: "SES-MLK", courtTown: "Melaka",
            courtState: "MY-04", weight: 3, languages: ["zh"]),
        Place(
            state: "MY-05", centre: "CIC-SBN", town: "Seremban", lat: 2.7297, lon: 101.9381, spread: 0.3, court: "SES-SBN", courtTown: "Seremban",
            courtState: "MY-05", weight: 4, languages: ["ta"]),
        Place(
            state: "MY-06", centre: "CIC-KTN", town: "Kuantan", lat: 3.8077, lon: 103.3260, spread: 0.8, court: "SES-KTN", courtTown: "Kuantan",
            courtState: "MY-06", weight: 5, languages: ["zh"]),
        Place(
            state: "MY-07", centre: "CIC-GT", town: "George Town", lat: 5.4141, lon: 100.3288, spread: 0.15, court: "SES-GT",
            courtTown: "George Town", courtState: "MY-07", weight: 5, languages: ["zh", "ta"]),
        Place(
            state: "MY-08", centre: "CIC-IPH", town: "Ipoh", lat: 4.5975, lon: 101.0901, spread: 0.6, court: "SES-IPH", courtTown: "Ipoh",
            courtState: "MY-08", weight: 7, languages: ["zh", "ta"]),
        Place(
            state: "MY-09", centre: "CIC-KGR", town: "Kangar", lat: 6.4414, lon: 100.1986, spread: 0.1, court: "SES-KGR", courtTown: "Kangar",
            courtState: "MY-09", weight: 1, languages: []),
        Place(
            state: "MY-10", centre: "CIC-SA", town: "Shah Alam", lat: 3.0733, lon: 101.5185, spread: 0.4, court: "SC-PJY", courtTown: "Putrajaya",
            courtState: "MY-16", weight: 14, languages: ["zh", "ta"]),
        Place(
            state: "MY-11", centre: "CIC-KT", town: "Kuala Terengganu", lat: 5.3302, lon: 103.1408, spread: 0.5, court: "SES-KT",
            courtTown: "Kuala Terengganu", courtState: "MY-11", weight: 4, languages: []),
        Place(
            state: "MY-12", centre: "CIC-KK", town: "Kota Kinabalu", lat: 5.9804, lon: 116.0735, spread: 1.2, court: "SES-KK",
            courtTown: "Kota Kinabalu", courtState: "MY-12", weight: 9, languages: ["kzj", "zh"]),
        Place(
            state: "MY-13", centre: "CIC-KCH", town: "Kuching", lat: 1.5533, lon: 110.3592, spread: 1.2, court: "SC-KCH", courtTown: "Kuching",
            courtState: "MY-13", weight: 8, languages: ["iba", "zh"]),
        Place(
            state: "MY-14", centre: "CIC-KL", town: "Kuala Lumpur", lat: 3.1390, lon: 101.6869, spread: 0.1, court: "SC-PJY", courtTown: "Putrajaya",
            courtState: "MY-16", weight: 8, languages: ["zh", "ta"]),
        Place(
            state: "MY-15", centre: "CIC-LBN", town: "Labuan", lat: 5.2831, lon: 115.2308, spread: 0.05, court: "SES-LBN", courtTown: "Labuan",
            courtState: "MY-15", weight: 1, languages: []),
        Place(
            state: "MY-16", centre: "CIC-PJY", town: "Putrajaya", lat: 2.9264, lon: 101.6964, spread: 0.05, court: "SC-PJY", courtTown: "Putrajaya",
            courtState: "MY-16", weight: 1, languages: []),
    ]

    /// 2027 holidays used when the calendar files are not available (Islamic dates are projections).
    static let holidays2027: [Holiday] = [
        ("2027-01-01", ["MY-04", "MY-05", "MY-06", "MY-07", "MY-08", "MY-10", "MY-12", "MY-13", "MY-14", "MY-15", "MY-16"], "New Year's Day"),
        ("2027-01-22", ["MY-01", "MY-05", "MY-07", "MY-08", "MY-10", "MY-14", "MY-16"], "Thaipusam"),
        ("2027-02-01", ["MY-14", "MY-15", "MY-16"], "Federal Territory Day"),
        ("2027-02-08", ["*"], "Chinese New Year (in lieu)"), ("2027-02-09", ["*"], "Chinese New Year, second day"),
        ("2027-03-10", ["*"], "Hari Raya Aidilfitri"), ("2027-03-11", ["*"], "Hari Raya Aidilfitri, second day"),
        ("2027-05-03", ["*"], "Labour Day (in lieu)"), ("2027-05-17", ["*"], "Hari Raya Haji"), ("2027-05-20", ["*"], "Wesak Day"),
        ("2027-05-30", ["MY-12", "MY-15"], "Pesta Kaamatan"), ("2027-06-01", ["MY-13"], "Hari Gawai"),
        ("2027-06-07", ["*"], "Birthday of the Yang di-Pertuan Agong"), ("2027-06-07", ["*"], "Awal Muharram"),
        ("2027-08-16", ["*"], "Maulidur Rasul (in lieu)"), ("2027-08-31", ["*"], "National Day"), ("2027-09-16", ["*"], "Malaysia Day"),
        (
            "2027-10-28",
            ["MY-01", "MY-02", "MY-03", "MY-04", "MY-05", "MY-06", "MY-07", "MY-08", "MY-09", "MY-10", "MY-11", "MY-12", "MY-14", "MY-15", "MY-16"],
            "Deepavali"
        ),
        ("2027-12-27", ["*"], "Christmas (in lieu)"),
    ].compactMap { d, s, n in Day(iso: d).map { Holiday(date: $0, states: s, name: n) } }
}
