import NotifierPostgres
import TestSupport
import Testing

/// `--database postgres://…`: every part read, the rest from the `PG*` environment, and a clear refusal naming
/// what is wrong.
@Suite struct PostgresLocationTests {
    @Test func everyPartOfTheURLIsRead() throws {
        let location = try PostgresLocation(
            url: "postgres://notify:s3cret@db.example.com:6543/shop?sslmode=verify-full")
        #expect(location.host == "db.example.com" && location.port == 6543)
        #expect(location.user == "notify" && location.password == "s3cret" && location.database == "shop")
        #expect(location.tls == .verifyFull)
        #expect(!location.description.contains("s3cret"), "the password is never shown")
        #expect(location.description == "postgres://notify@db.example.com:6543/shop (sslmode verify-full)")
    }

    @Test func whatTheURLLeavesOutComesFromTheEnvironmentThenPostgresDefaults() throws {
        let environment = [
            "PGHOST": "pg.internal", "PGPORT": "5544", "PGUSER": "svc", "PGPASSWORD": "from-env",
            "PGDATABASE": "notify", "PGSSLMODE": "require",
        ]
        let fromEnvironment = try PostgresLocation(url: "postgresql://", environment: environment)
        #expect(fromEnvironment.host == "pg.internal" && fromEnvironment.port == 5544)
        #expect(fromEnvironment.user == "svc" && fromEnvironment.password == "from-env")
        #expect(fromEnvironment.database == "notify" && fromEnvironment.tls == .require)
        let defaults = try PostgresLocation(url: "postgres://")
        #expect(defaults.host == "localhost" && defaults.port == 5432 && defaults.user == "postgres")
        #expect(defaults.database == "postgres" && defaults.password == nil && defaults.tls == .prefer)
    }

    @Test func theURLsPasswordWinsThenTheFileThenTheEnvironment() throws {
        let environment = ["PGPASSWORD": "from-env"]
        #expect(
            try PostgresLocation(url: "postgres://u:from-url@h/d", environment: environment, filePassword: "from-file")
                .password == "from-url")
        #expect(
            try PostgresLocation(url: "postgres://u@h/d", environment: environment, filePassword: "from-file")
                .password == "from-file")
        #expect(try PostgresLocation(url: "postgres://u@h/d", environment: environment).password == "from-env")
    }

    @Test(arguments: [
        ("postgres://h:0/d", "port 0 is out of range"),
        ("postgres://h/d?sslmode=sometimes", "sslmode sometimes is not taken"),
        ("postgres://h/d?timeout=3", "parameter timeout is not taken"),
        ("postgres://h/a/b", "one database name"),
        ("mysql://h/d", "not a PostgreSQL URL"),
    ])
    func aURLThatCannotBeTakenSaysWhy(url: String, says: String) {
        do {
            _ = try PostgresLocation(url: url)
            Issue.record("took \(url)")
        } catch {
            #expect(error.description.hasPrefix("--database: ") && error.description.contains(says), "\(error)")
        }
    }

    @Test func onlyPostgresURLsAreTakenForPostgreSQL() {
        #expect(PostgresLocation.isURL("postgres://h/d") && PostgresLocation.isURL("PostgreSQL://h/d"))
        #expect(!PostgresLocation.isURL("/var/lib/mocean-notify/db.sqlite"))
        #expect(!PostgresLocation.isURL("postgres.sqlite"))
    }
}
