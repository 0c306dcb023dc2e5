// ServerOptions: every option's range and message, defaults, flags, the config file under the
// command line, and the checks that combine options.

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "server/ops/serveroptions.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Ops::ServerOptions;

class tst_ServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void values();
    void rangeErrors_data();
    void rangeErrors();
    void combinations_data();
    void combinations();
    void helpAndVersion();
    void configFileUnderTheCommandLine();
    void configFileErrorsNameTheLine();
    void webhooksFromTheConfigFile();
    void webhookErrors_data();
    void webhookErrors();
    void commands();
    void commandErrors_data();
    void commandErrors();
    void webSocketOptions();
};

namespace {

ServerOptions::Parsed parse(const QStringList &arguments)
{
    return ServerOptions::parse(QStringList { u"opsboard-server"_s } + arguments);
}

} // namespace

void tst_ServerOptions::defaults()
{
    const auto parsed = parse({ u"--demo"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::Run);
    const ServerOptions &o = parsed.options;
    QCOMPARE(o.listen, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(o.port, 8080);
    QVERIFY(o.database.isEmpty());
    QVERIFY(o.demo);
    QVERIFY(o.simulate);
    QCOMPARE(o.simInterval, 400ms);
    QCOMPARE(o.seed, 1u);
    QCOMPARE(o.demoOrders, 200);
    QCOMPARE(o.demoDrivers, 24);
    QCOMPARE(o.alertInterval, 5000ms);
    QCOMPARE(o.retainEvents, 100000);
    QCOMPARE(o.retainAge, 86400s);
    QCOMPARE(o.trimInterval, 60000ms);
    QVERIFY(!o.resetLog);
    QCOMPARE(o.wsRate, 20);
    QCOMPARE(o.wsConnectRate, 60);
    QCOMPARE(o.wsSendBudgetBytes, 256LL * 1024 * 1024);
    QCOMPARE(o.idleTimeout, 30s);
    QCOMPARE(o.maxHeaderBytes, 16384);
    QCOMPARE(o.logFormat, Ops::LogFormatter::Format::Text);
    QCOMPARE(o.shutdownTimeout, 10s);
    QVERIFY(o.requireReasons); // the app asks for them; API clients that cannot opt out
    QVERIFY(o.webhooks.isEmpty());
    QCOMPARE(o.webhookTimeout, 10000ms);
    QCOMPARE(o.webhookRetryInitial, 1000ms);
    QCOMPARE(o.webhookRetryMax, 300000ms);
    QCOMPARE(o.command, ServerOptions::Command::None);
    QCOMPARE(o.osmandPort, 0);
    QCOMPARE(o.positionBurst, 60);
    QCOMPARE(o.positionInterval, 1000ms);
    QCOMPARE(o.positionAddressBurst, 1000);
    QCOMPARE(o.positionAddressInterval, 5ms);
    QCOMPARE(o.trailRetention, 12h);
    QCOMPARE(o.trailPoints, 5000);
    // ETAs: on, built-in model only.
    QVERIFY(o.eta);
    QCOMPARE(o.etaThrottle, 2000ms);
    QCOMPARE(o.etaSpeedKmh, 18.0);
    QCOMPARE(o.etaDetourFactor, 1.4);
    QVERIFY(o.etaRegionSpeedsKmh.isEmpty());
    QVERIFY(o.routingUrl.isEmpty());
    QCOMPARE(o.routingProfile, u"driving"_s);
    QCOMPARE(o.routingTimeout, 1000ms);
    QCOMPARE(o.atRisk, std::chrono::minutes(15));
    QCOMPARE(o.finishedVisibleFor, std::chrono::minutes(120));
}

void tst_ServerOptions::values()
{
    const auto parsed = parse({ u"--users"_s, u"/etc/opsboard/users.json"_s, u"--listen"_s,
        u"::1"_s, u"--port"_s, u"0"_s, u"--db"_s, u"postgresql:///ops"_s, u"--no-sim"_s,
        u"--sim-interval"_s, u"25"_s, u"--seed"_s, u"4294967295"_s, u"--ws-send-budget"_s, u"2"_s,
        u"--idle-timeout"_s, u"0"_s, u"--log-format"_s, u"json"_s, u"--reset-log"_s,
        u"--metrics-token"_s, u"m"_s, u"--alert-interval"_s, u"0"_s, u"--osmand-port"_s, u"5055"_s,
        u"--position-burst"_s, u"5"_s, u"--position-interval"_s, u"200"_s,
        u"--position-address-burst"_s, u"50"_s, u"--position-address-interval"_s, u"20"_s,
        u"--trail-hours"_s, u"48"_s, u"--trail-points"_s, u"100"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::Run);
    const ServerOptions &o = parsed.options;
    QCOMPARE(o.usersFile, u"/etc/opsboard/users.json"_s);
    QCOMPARE(o.listen, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(o.port, 0);
    QCOMPARE(o.database, u"postgresql:///ops"_s);
    QVERIFY(!o.demo);
    QVERIFY(!o.simulate);
    QCOMPARE(o.simInterval, 25ms);
    QCOMPARE(o.seed, 4294967295u);
    QCOMPARE(o.wsSendBudgetBytes, 2LL * 1024 * 1024);
    QCOMPARE(o.idleTimeout, 0s);
    QCOMPARE(o.logFormat, Ops::LogFormatter::Format::Json);
    QVERIFY(o.resetLog);
    QCOMPARE(o.metricsToken, u"m"_s);
    QCOMPARE(o.alertInterval, 0ms);
    QCOMPARE(o.osmandPort, 5055);
    QCOMPARE(o.positionBurst, 5);
    QCOMPARE(o.positionInterval, 200ms);
    QCOMPARE(o.positionAddressBurst, 50);
    QCOMPARE(o.positionAddressInterval, 20ms);
    QCOMPARE(o.trailRetention, 48h);
    QCOMPARE(o.trailPoints, 100);

    const auto eta = parse({ u"--demo"_s, u"--routing-url"_s, u"http://10.0.0.5:5000/osrm"_s,
        u"--routing-profile"_s, u"bike"_s, u"--routing-timeout"_s, u"250"_s, u"--eta-speed"_s,
        u"22.5"_s, u"--eta-detour"_s, u"1.25"_s, u"--eta-region-speeds"_s, u"north=16, east=20.5"_s,
        u"--eta-throttle"_s, u"500"_s, u"--at-risk-minutes"_s, u"30"_s, u"--finished-visible-for"_s,
        u"0"_s });
    QCOMPARE(eta.action, ServerOptions::Action::Run);
    QCOMPARE(eta.options.routingUrl, QUrl(u"http://10.0.0.5:5000/osrm"_s));
    QCOMPARE(eta.options.routingProfile, u"bike"_s);
    QCOMPARE(eta.options.routingTimeout, 250ms);
    QCOMPARE(eta.options.etaSpeedKmh, 22.5);
    QCOMPARE(eta.options.etaDetourFactor, 1.25);
    QCOMPARE(eta.options.etaRegionSpeedsKmh,
        (QHash<QString, double> { { u"north"_s, 16.0 }, { u"east"_s, 20.5 } }));
    QCOMPARE(eta.options.etaThrottle, 500ms);
    QCOMPARE(eta.options.atRisk, std::chrono::minutes(30));
    QCOMPARE(eta.options.finishedVisibleFor, std::chrono::minutes(0));
    QVERIFY(!parse({ u"--demo"_s, u"--no-eta"_s }).options.eta);
}

void tst_ServerOptions::rangeErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *name, const QString &value, const QString &error) {
        QTest::newRow(name) << QStringList { u"--"_s + QLatin1StringView(name), value } << error;
    };
    row("port", u"65536"_s, u"--port must be 0 to 65535"_s);
    row("sim-interval", u"0"_s, u"--sim-interval must be 1 to 3600000 ms"_s);
    row("seed", u"-1"_s, u"--seed must be 0 to 4294967295"_s);
    row("orders", u"many"_s, u"--orders must be 0 to 1000000"_s);
    row("drivers", u"100001"_s, u"--drivers must be 0 to 100000"_s);
    row("alert-interval", u"3600001"_s, u"--alert-interval must be 0 to 3600000 ms"_s);
    row("retain-events", u"0"_s, u"--retain-events must be 1 to 100000000"_s);
    row("retain-age", u"0"_s, u"--retain-age must be 1 to 31536000 s"_s);
    row("trim-interval", u"9"_s, u"--trim-interval must be 10 to 86400000 ms"_s);
    row("ws-rate", u"0"_s, u"--ws-rate must be 1 to 100000"_s);
    row("ws-connect-rate", u"0"_s, u"--ws-connect-rate must be 1 to 1000000"_s);
    row("ws-send-budget", u"0"_s, u"--ws-send-budget must be 1 to 1048576 MiB"_s);
    row("idle-timeout", u"86401"_s, u"--idle-timeout must be 0 to 86400 s"_s);
    row("max-header-bytes", u"1023"_s, u"--max-header-bytes must be 1024 to 1048576"_s);
    row("shutdown-timeout", u"0"_s, u"--shutdown-timeout must be 1 to 3600 s"_s);
    row("osmand-port", u"70000"_s, u"--osmand-port must be 0 to 65535"_s);
    row("position-burst", u"0"_s, u"--position-burst must be 1 to 1000000"_s);
    row("position-interval", u"0"_s, u"--position-interval must be 1 to 3600000 ms"_s);
    row("position-address-burst", u"0"_s, u"--position-address-burst must be 1 to 1000000"_s);
    row("position-address-interval", u"0"_s,
        u"--position-address-interval must be 1 to 3600000 ms"_s);
    row("trail-hours", u"0"_s, u"--trail-hours must be 1 to 720 h"_s);
    row("trail-points", u"9"_s, u"--trail-points must be 10 to 1000000"_s);
    row("listen", u"localhost"_s, u"--listen: 'localhost' is not an IP address"_s);
    row("log-format", u"xml"_s, u"--log-format must be text or json"_s);
    // Options that need several rows: a tag of their own each.
    const auto tagged = [](const char *tag, const char *name, const QString &value,
                            const QString &error) {
        QTest::newRow(tag) << QStringList { u"--"_s + QLatin1StringView(name), value } << error;
    };
    row("eta-throttle", u"5"_s, u"--eta-throttle must be 10 to 600000 ms"_s);
    row("routing-timeout", u"60001"_s, u"--routing-timeout must be 10 to 60000 ms"_s);
    row("at-risk-minutes", u"0"_s, u"--at-risk-minutes must be 1 to 1440 min"_s);
    row("finished-visible-for", u"-1"_s, u"--finished-visible-for must be 0 to 525600 min"_s);
    const QString speed = u"--eta-speed must be a number from 1 to 200 km/h"_s;
    tagged("eta-speed too slow", "eta-speed", u"0.5"_s, speed);
    tagged("eta-speed not a number", "eta-speed", u"fast"_s, speed);
    row("eta-detour", u"0.9"_s, u"--eta-detour must be a number from 1 to 5"_s);
    const QString speeds =
        u"--eta-region-speeds must be region=km/h pairs (1 to 200), e.g. north=16,east=20"_s;
    tagged("region speeds without a speed", "eta-region-speeds", u"north"_s, speeds);
    tagged("region speed zero", "eta-region-speeds", u"north=0"_s, speeds);
    tagged("region speed twice", "eta-region-speeds", u"north=16,north=17"_s, speeds);
    tagged("region speed without a region", "eta-region-speeds", u"=16"_s, speeds);
    const QString url =
        u"--routing-url must be an http(s) URL without a query, e.g. http://127.0.0.1:5000"_s;
    tagged("routing-url ftp", "routing-url", u"ftp://osrm"_s, url);
    tagged("routing-url without host", "routing-url", u"http://"_s, url);
    tagged("routing-url with a query", "routing-url", u"http://osrm:5000/?key=x"_s, url);
    row("routing-profile", u"car/../x"_s,
        u"--routing-profile must be 1 to 64 letters, digits, '_' or '-'"_s);
}

void tst_ServerOptions::rangeErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const auto parsed = parse(QStringList { u"--demo"_s } + arguments);
    QCOMPARE(parsed.action, ServerOptions::Action::Fail);
    QCOMPARE(parsed.error, error);
}

void tst_ServerOptions::combinations_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("no users") << QStringList {} << u"no users: pass --users <file> or --demo"_s;
    QTest::newRow("cert without key") << QStringList { u"--demo"_s, u"--tls-cert"_s, u"c.pem"_s }
                                      << u"--tls-cert and --tls-key go together"_s;
    QTest::newRow("key without cert") << QStringList { u"--demo"_s, u"--tls-key"_s, u"k.pem"_s }
                                      << u"--tls-cert and --tls-key go together"_s;
    QTest::newRow("chain alone") << QStringList { u"--demo"_s, u"--tls-ca-chain"_s, u"ca.pem"_s }
                                 << u"--tls-ca-chain needs --tls-cert and --tls-key"_s;
    QTest::newRow("positional") << QStringList { u"--demo"_s, u"serve"_s }
                                << u"unexpected argument 'serve'"_s;
    QTest::newRow("unknown option")
        << QStringList { u"--demo"_s, u"--colour"_s } << u"Unknown option 'colour'."_s;
}

void tst_ServerOptions::combinations()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const auto parsed = parse(arguments);
    QCOMPARE(parsed.action, ServerOptions::Action::Fail);
    QCOMPARE(parsed.error, error);
}

void tst_ServerOptions::helpAndVersion()
{
    QCOMPARE(parse({ u"--help"_s }).action, ServerOptions::Action::ShowHelp);
    QCOMPARE(parse({ u"--version"_s }).action, ServerOptions::Action::ShowVersion);
    // Every option is in the help text (it is also what the man page is made from).
    const QString help = ServerOptions::helpText();
    for (const char *name : { "--listen", "--port", "--db", "--users", "--demo", "--no-sim",
             "--sim-interval", "--seed", "--orders", "--drivers", "--alert-interval",
             "--retain-events", "--retain-age", "--trim-interval", "--reset-log", "--ws-rate",
             "--ws-connect-rate", "--ws-send-budget", "--idle-timeout", "--max-header-bytes",
             "--config", "--tls-cert", "--tls-key", "--tls-ca-chain", "--log-format",
             "--shutdown-timeout", "--metrics-token", "--require-reasons", "--optional-reasons",
             "--webhook-timeout", "--webhook-retry-initial", "--webhook-retry-max", "--osmand-port",
             "--position-burst", "--position-interval", "--position-address-burst",
             "--position-address-interval", "--trail-hours", "--trail-points", "--no-eta",
             "--eta-throttle", "--eta-speed", "--eta-detour", "--eta-region-speeds",
             "--routing-url", "--routing-profile", "--routing-timeout", "--at-risk-minutes",
             "--finished-visible-for", "users add", "import orders" })
        QVERIFY2(help.contains(QLatin1StringView(name)), name);
    QCOMPARE(parse({ u"users"_s, u"--help"_s }).helpFor, u"users"_s);
    QVERIFY(ServerOptions::helpText(u"users"_s).contains(u"users rotate NAME"_s));
    QVERIFY(ServerOptions::helpText(u"import"_s).contains(u"--dry-run"_s));
}

void tst_ServerOptions::configFileUnderTheCommandLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"server.conf"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# a comment\ndemo = true\nport = 9000\nidle-timeout = 5\nno-sim = true\n"
               "routing-url = http://127.0.0.1:5000\neta-region-speeds = west=14\n"
               "eta-detour = 1.3\nno-eta = false\n");
    file.close();
    const auto parsed = parse({ u"--config"_s, path, u"--port"_s, u"9001"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::Run);
    QCOMPARE(parsed.options.configFile, path);
    QVERIFY(parsed.options.demo);
    QVERIFY(!parsed.options.simulate);
    QCOMPARE(parsed.options.port, 9001); // the command line wins
    QCOMPARE(parsed.options.idleTimeout, 5s);
    QCOMPARE(parsed.options.routingUrl, QUrl(u"http://127.0.0.1:5000"_s));
    QCOMPARE(parsed.options.etaRegionSpeedsKmh.value(u"west"_s), 14.0);
    QCOMPARE(parsed.options.etaDetourFactor, 1.3);
    QVERIFY(parsed.options.eta);
}

void tst_ServerOptions::configFileErrorsNameTheLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"server.conf"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("demo = true\n\nport = 70000\n");
    file.close();
    const auto fromFile = parse({ u"--config"_s, path });
    QCOMPARE(fromFile.action, ServerOptions::Action::Fail);
    QCOMPARE(fromFile.error, path + u":3: --port must be 0 to 65535"_s);
    // The same bad value from the command line names no file.
    const auto fromLine = parse({ u"--config"_s, path, u"--port"_s, u"70001"_s });
    QCOMPARE(fromLine.error, u"--port must be 0 to 65535"_s);
    // A line the file format does not allow.
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("demo = true\nportt = 1\n");
    file.close();
    const auto unknown = parse({ u"--config"_s, path });
    QCOMPARE(unknown.action, ServerOptions::Action::Fail);
    QVERIFY2(unknown.error.startsWith(path + u":2:"_s), qPrintable(unknown.error));
}

namespace {

QString writeFile(QTemporaryDir &dir, const QByteArray &text)
{
    const QString path = dir.filePath(u"server.conf"_s);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(text);
    return path;
}

} // namespace

void tst_ServerOptions::webhooksFromTheConfigFile()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir,
        "demo = true\n"
        "optional-reasons = true\n"
        "webhook-timeout = 2500\n"
        "webhook.shop.url = https://shop.example/hooks?from=opsboard\n"
        "webhook.shop.events = order.created, order.updated\n"
        "webhook.shop.secret = 0123456789abcdef0123\n"
        "webhook.erp-north.url = http://10.0.0.5:8081/in\n"
        "webhook.erp-north.regions = north,east\n"
        "webhook.erp-north.events = *\n"
        "webhook.erp-north.secret-file = /etc/opsboard/erp.secret\n");
    const auto parsed = parse({ u"--config"_s, path });
    QCOMPARE(parsed.action, ServerOptions::Action::Run);
    const ServerOptions &o = parsed.options;
    QVERIFY(!o.requireReasons);
    QCOMPARE(o.webhookTimeout, 2500ms);
    QCOMPARE(parse({ u"--require-reasons"_s, u"--optional-reasons"_s }).action,
        ServerOptions::Action::Fail);
    QCOMPARE(o.webhooks.size(), 2);
    QCOMPARE(o.webhooks.at(0).name, u"shop"_s);
    QCOMPARE(o.webhooks.at(0).url, u"https://shop.example/hooks?from=opsboard"_s);
    QCOMPARE(o.webhooks.at(0).events, (QStringList { u"order.created"_s, u"order.updated"_s }));
    QCOMPARE(o.webhooks.at(0).secret, u"0123456789abcdef0123"_s);
    QCOMPARE(o.webhooks.at(0).origin, path + u":4"_s);
    QCOMPARE(o.webhooks.at(1).name, u"erp-north"_s);
    QCOMPARE(o.webhooks.at(1).regions, (QStringList { u"north"_s, u"east"_s }));
    QVERIFY(o.webhooks.at(1).events.isEmpty()); // every type
    QCOMPARE(o.webhooks.at(1).secretFile, u"/etc/opsboard/erp.secret"_s);
}

void tst_ServerOptions::webhookErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error"); // after "<file>:"
    QTest::newRow("no url") << QByteArray("webhook.a.secret = 0123456789abcdef\n")
                            << u"1: webhook.a needs a url"_s;
    QTest::newRow("not http") << QByteArray("webhook.a.url = mailto:ops@example.com\n")
                              << u"1: webhook.a.url must be an http:// or https:// URL"_s;
    QTest::newRow("no secret") << QByteArray("webhook.a.url = http://h/\n")
                               << u"1: webhook.a needs a secret or a secret-file (one of them)"_s;
    QTest::newRow("both secrets")
        << QByteArray("webhook.a.url = http://h/\nwebhook.a.secret = 0123456789abcdef\n"
                      "webhook.a.secret-file = /s\n")
        << u"1: webhook.a needs a secret or a secret-file (one of them)"_s;
    QTest::newRow("short secret") << QByteArray(
        "webhook.a.url = http://h/\nwebhook.a.secret = abc\n")
                                  << u"1: webhook.a.secret must be at least 16 characters"_s;
    QTest::newRow("unknown field")
        << QByteArray("webhook.a.colour = red\n") << u"1: unknown key 'webhook.a.colour'"_s;
    QTest::newRow("bad name") << QByteArray("webhook.a b.url = http://h/\n")
                              << u"1: unknown key 'webhook.a b.url'"_s;
    QTest::newRow("twice") << QByteArray("webhook.a.url = http://h/\nwebhook.a.url = http://i/\n")
                           << u"2: duplicate key 'webhook.a.url' (first set on line 2)"_s;
}

void tst_ServerOptions::webhookErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QTemporaryDir dir;
    const QString path = writeFile(dir, "demo = true\n" + text);
    const auto parsed = parse({ u"--config"_s, path });
    QCOMPARE(parsed.action, ServerOptions::Action::Fail);
    // The file's first line is "demo = true": the webhook lines start at 2.
    const QString expected = path + u":"_s + QString::number(error.section(u':', 0, 0).toInt() + 1)
        + error.mid(error.indexOf(u':'));
    QCOMPARE(parsed.error, expected);
}

void tst_ServerOptions::commands()
{
    auto parsed = parse({ u"users"_s, u"add"_s, u"ann"_s, u"--role"_s, u"dispatcher"_s,
        u"--regions"_s, u"north, east"_s, u"--driver"_s, u"DRV-7"_s, u"--users"_s, u"u.json"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::RunCommand);
    QCOMPARE(parsed.options.command, ServerOptions::Command::UsersAdd);
    QCOMPARE(parsed.options.userName, u"ann"_s);
    QCOMPARE(parsed.options.userRole, u"dispatcher"_s);
    QCOMPARE(parsed.options.userRegions, (QStringList { u"north"_s, u"east"_s }));
    QCOMPARE(parsed.options.userDriverId, u"DRV-7"_s);
    QCOMPARE(parsed.options.usersFile, u"u.json"_s);
    QCOMPARE(parse({ u"users"_s, u"list"_s, u"--users"_s, u"u.json"_s }).options.command,
        ServerOptions::Command::UsersList);
    QCOMPARE(
        parse({ u"users"_s, u"remove"_s, u"ann"_s, u"--users"_s, u"u.json"_s }).options.command,
        ServerOptions::Command::UsersRemove);
    QCOMPARE(
        parse({ u"users"_s, u"rotate"_s, u"ann"_s, u"--users"_s, u"u.json"_s }).options.command,
        ServerOptions::Command::UsersRotate);
    // The users file and the database may come from the server's config file.
    QTemporaryDir dir;
    const QString path =
        writeFile(dir, "users = /etc/opsboard/users.json\ndb = /var/lib/ops.sqlite\n");
    parsed = parse({ u"users"_s, u"list"_s, u"--config"_s, path });
    QCOMPARE(parsed.options.usersFile, u"/etc/opsboard/users.json"_s);
    parsed = parse({ u"import"_s, u"orders"_s, u"day.csv"_s, u"--config"_s, path, u"--dry-run"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::RunCommand);
    QCOMPARE(parsed.options.command, ServerOptions::Command::ImportOrders);
    QCOMPARE(parsed.options.importFile, u"day.csv"_s);
    QCOMPARE(parsed.options.database, u"/var/lib/ops.sqlite"_s);
    QVERIFY(parsed.options.importDryRun);
    QVERIFY(!parsed.options.importPartial);
    QCOMPARE(parsed.options.importActor, u"operator"_s);
    parsed = parse({ u"import"_s, u"orders"_s, u"day.csv"_s, u"--db"_s, u"x.sqlite"_s,
        u"--partial"_s, u"--as"_s, u"night"_s });
    QCOMPARE(parsed.options.database, u"x.sqlite"_s);
    QVERIFY(parsed.options.importPartial);
    QCOMPARE(parsed.options.importActor, u"night"_s);
}

void tst_ServerOptions::commandErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("says");
    QTest::newRow("no file") << QStringList { u"users"_s, u"list"_s } << u"--users FILE"_s;
    QTest::newRow("no verb") << QStringList { u"users"_s, u"--users"_s, u"f"_s }
                             << u"add, list, remove or rotate"_s;
    QTest::newRow("add without role")
        << QStringList { u"users"_s, u"add"_s, u"a"_s, u"--users"_s, u"f"_s } << u"--role"_s;
    QTest::newRow("two names") << QStringList { u"users"_s, u"remove"_s, u"a"_s, u"b"_s,
        u"--users"_s, u"f"_s } << u"exactly one NAME"_s;
    QTest::newRow("role on remove") << QStringList { u"users"_s, u"remove"_s, u"a"_s, u"--role"_s,
        u"viewer"_s, u"--users"_s, u"f"_s }
                                    << u"--role goes with users add"_s;
    QTest::newRow("import what") << QStringList { u"import"_s, u"drivers"_s, u"f.csv"_s }
                                 << u"import orders FILE"_s;
    QTest::newRow("import no file")
        << QStringList { u"import"_s, u"orders"_s } << u"import orders FILE"_s;
    QTest::newRow("server option") << QStringList { u"import"_s, u"orders"_s, u"f"_s, u"--port"_s,
        u"1"_s } << u"Unknown option 'port'"_s;
}

void tst_ServerOptions::commandErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, says);
    const auto parsed = parse(arguments);
    QCOMPARE(parsed.action, ServerOptions::Action::Fail);
    QVERIFY2(parsed.error.contains(says), qPrintable(parsed.error));
}

void tst_ServerOptions::webSocketOptions()
{
    const ServerOptions defaults = parse({ u"--demo"_s }).options;
    QCOMPARE(defaults.wsThreads, 0); // one per core
    QCOMPARE(defaults.wsAuthTimeout, 5000ms);
    QCOMPARE(defaults.wsHeartbeat, 10000ms);
    QCOMPARE(defaults.wsMaxChannels, 8);

    const auto given = parse({ u"--demo"_s, u"--ws-threads"_s, u"3"_s, u"--ws-auth-timeout"_s,
        u"1500"_s, u"--ws-heartbeat"_s, u"250"_s, u"--ws-max-channels"_s, u"2"_s });
    QCOMPARE(given.action, ServerOptions::Action::Run);
    QCOMPARE(given.options.wsThreads, 3);
    QCOMPARE(given.options.wsAuthTimeout, 1500ms);
    QCOMPARE(given.options.wsHeartbeat, 250ms);
    QCOMPARE(given.options.wsMaxChannels, 2);

    // The same keys in a config file.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"server.conf"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("demo = true\nws-threads = 1\nws-auth-timeout = 800\nws-heartbeat = 20000\n"
               "ws-max-channels = 5\n");
    file.close();
    const auto fromFile = parse({ u"--config"_s, path });
    QCOMPARE(fromFile.action, ServerOptions::Action::Run);
    QCOMPARE(fromFile.options.wsThreads, 1);
    QCOMPARE(fromFile.options.wsAuthTimeout, 800ms);
    QCOMPARE(fromFile.options.wsHeartbeat, 20000ms);
    QCOMPARE(fromFile.options.wsMaxChannels, 5);

    const QList<std::pair<QStringList, QString>> errors {
        { { u"--ws-threads"_s, u"-1"_s }, u"--ws-threads must be 0 to 256"_s },
        { { u"--ws-auth-timeout"_s, u"99"_s }, u"--ws-auth-timeout must be 100 to 600000 ms"_s },
        { { u"--ws-heartbeat"_s, u"0"_s }, u"--ws-heartbeat must be 100 to 3600000 ms"_s },
        { { u"--ws-max-channels"_s, u"65"_s }, u"--ws-max-channels must be 1 to 64"_s },
    };
    for (const auto &[arguments, error] : errors) {
        const auto parsed = parse(QStringList { u"--demo"_s } + arguments);
        QCOMPARE(parsed.action, ServerOptions::Action::Fail);
        QCOMPARE(parsed.error, error);
    }
    const QString help = ServerOptions::helpText();
    for (const char *name :
        { "--ws-threads", "--ws-auth-timeout", "--ws-heartbeat", "--ws-max-channels" })
        QVERIFY2(help.contains(QLatin1StringView(name)), name);
}

QTEST_APPLESS_MAIN(tst_ServerOptions)
#include "tst_serveroptions.moc"
