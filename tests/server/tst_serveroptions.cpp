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
    QVERIFY(!o.requireReasons);
    QVERIFY(o.webhooks.isEmpty());
    QCOMPARE(o.webhookTimeout, 10000ms);
    QCOMPARE(o.webhookRetryInitial, 1000ms);
    QCOMPARE(o.webhookRetryMax, 300000ms);
    QCOMPARE(o.command, ServerOptions::Command::None);
}

void tst_ServerOptions::values()
{
    const auto parsed = parse({ u"--users"_s, u"/etc/opsboard/users.json"_s, u"--listen"_s,
        u"::1"_s, u"--port"_s, u"0"_s, u"--db"_s, u"postgresql:///ops"_s, u"--no-sim"_s,
        u"--sim-interval"_s, u"25"_s, u"--seed"_s, u"4294967295"_s, u"--ws-send-budget"_s, u"2"_s,
        u"--idle-timeout"_s, u"0"_s, u"--log-format"_s, u"json"_s, u"--reset-log"_s,
        u"--metrics-token"_s, u"m"_s, u"--alert-interval"_s, u"0"_s });
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
    row("listen", u"localhost"_s, u"--listen: 'localhost' is not an IP address"_s);
    row("log-format", u"xml"_s, u"--log-format must be text or json"_s);
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
             "--shutdown-timeout", "--metrics-token", "--require-reasons", "--webhook-timeout",
             "--webhook-retry-initial", "--webhook-retry-max", "users add", "import orders" })
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
    file.write("# a comment\ndemo = true\nport = 9000\nidle-timeout = 5\nno-sim = true\n");
    file.close();
    const auto parsed = parse({ u"--config"_s, path, u"--port"_s, u"9001"_s });
    QCOMPARE(parsed.action, ServerOptions::Action::Run);
    QCOMPARE(parsed.options.configFile, path);
    QVERIFY(parsed.options.demo);
    QVERIFY(!parsed.options.simulate);
    QCOMPARE(parsed.options.port, 9001); // the command line wins
    QCOMPARE(parsed.options.idleTimeout, 5s);
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
        "require-reasons = true\n"
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
    QVERIFY(o.requireReasons);
    QCOMPARE(o.webhookTimeout, 2500ms);
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

QTEST_APPLESS_MAIN(tst_ServerOptions)
#include "tst_serveroptions.moc"
