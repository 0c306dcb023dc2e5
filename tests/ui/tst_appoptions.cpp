// The desktop app's command line as a value: parsed without an application object, so
// `opsboard --help` and `--version` need no display.

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "realtime/connectionmanager.h"
#include "sync/session.h"
#include "ui/appoptions.h"
#include "ui/appsetup.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

Q_DECLARE_METATYPE(Ops::AppCommandLine::Outcome)

class tst_AppOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void helpAndVersionNeedNoApplication();
    void eventMapAndCertificatesFromTheirFiles();
};

void tst_AppOptions::parses_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("environmentToken");
    QTest::addColumn<AppOptions>("expected");

    const AppOptions defaults;
    QTest::newRow("nothing") << QStringList {} << QString() << defaults;

    AppOptions server;
    server.server = QUrl(u"https://ops.example.com:8443"_s);
    server.serverGiven = true;
    QTest::newRow("--server") << QStringList { u"--server"_s, u"https://ops.example.com:8443"_s }
                              << QString() << server;
    QTest::newRow("--server=") << QStringList { u"--server=https://ops.example.com:8443"_s }
                               << QString() << server;

    AppOptions fromEnv;
    fromEnv.token = u"from-env"_s;
    QTest::newRow("$OPSBOARD_TOKEN") << QStringList {} << u"from-env"_s << fromEnv;
    AppOptions token;
    token.token = u"given"_s;
    QTest::newRow("--token wins over the environment")
        << QStringList { u"--token"_s, u"given"_s } << u"from-env"_s << token;

    AppOptions demo;
    demo.demo = true;
    demo.dark = true;
    demo.language = u"de"_s;
    QTest::newRow("--demo --dark --lang de")
        << QStringList { u"--demo"_s, u"--dark"_s, u"--lang"_s, u"de"_s } << QString() << demo;
    AppOptions inspect;
    inspect.inspect = true;
    QTest::newRow("--inspect") << QStringList { u"--inspect"_s } << QString() << inspect;

    AppOptions files;
    files.caFile = u"/etc/ssl/company.pem"_s;
    files.eventMapFile = u"map.json"_s;
    files.stateLogFile = u"/tmp/state.jsonl"_s;
    QTest::newRow("files") << QStringList { u"--ca"_s, u"/etc/ssl/company.pem"_s, u"--event-map"_s,
        u"map.json"_s, u"--state-log"_s, u"/tmp/state.jsonl"_s }
                           << QString() << files;

    AppOptions timing;
    timing.heartbeat = 250ms;
    timing.check = 60s;
    timing.screenshotFile = u"shot.png"_s;
    timing.screenshotDelay = 0ms;
    QTest::newRow("timings") << QStringList { u"--heartbeat"_s, u"250"_s, u"--check"_s, u"60"_s,
        u"--screenshot"_s, u"shot.png"_s, u"--screenshot-delay"_s, u"0"_s }
                             << QString() << timing;

    AppOptions tiles;
    tiles.tiles = u"https://tile.example.org/{z}/{x}/{y}.png"_s;
    tiles.tileAttribution = u"© OpenStreetMap contributors"_s;
    tiles.tileCacheDir = u"/var/cache/opsboard"_s;
    tiles.tileCacheMib = 50;
    QTest::newRow("tiles") << QStringList { u"--tiles"_s,
        u"https://tile.example.org/{z}/{x}/{y}.png"_s, u"--tile-attribution"_s,
        u"© OpenStreetMap contributors"_s, u"--tile-cache"_s, u"/var/cache/opsboard"_s,
        u"--tile-cache-size"_s, u"50"_s }
                           << QString() << tiles;
    AppOptions offline;
    offline.mbtilesFile = QStringLiteral(OPS_TEST_DATA_DIR "/README.md"); // a file that exists
    QTest::newRow("mbtiles") << QStringList { u"--mbtiles"_s, offline.mbtilesFile } << QString()
                             << offline;

    // Qt's own options are QApplication's business, also the ones that take a value.
    AppOptions qt;
    qt.demo = true;
    QTest::newRow("Qt's options pass") << QStringList { u"-platform"_s, u"offscreen"_s, u"--demo"_s,
        u"-style=fusion"_s, u"-reverse"_s, u"--qwindowgeometry"_s, u"800x600"_s }
                                       << QString() << qt;
}

void tst_AppOptions::parses()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, environmentToken);
    QFETCH(AppOptions, expected);
    const AppCommandLine result =
        AppOptions::parse(QStringList { u"opsboard"_s } + arguments, environmentToken);
    QVERIFY2(result.outcome == AppCommandLine::Outcome::Run, qPrintable(result.text));
    QCOMPARE(result.exitCode(), 0);
    QCOMPARE(result.options.server, expected.server);
    QCOMPARE(result.options.serverGiven, expected.serverGiven);
    QCOMPARE(result.options.token, expected.token);
    QCOMPARE(result.options.heartbeat.count(), expected.heartbeat.count());
    QCOMPARE(result.options.check.has_value(), expected.check.has_value());
    QVERIFY(result.options == expected);
}

void tst_AppOptions::rejects_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");

    QTest::newRow("unknown option") << QStringList { u"--frobnicate"_s } << u"frobnicate"_s;
    QTest::newRow("stray argument") << QStringList { u"orders.csv"_s } << u"orders.csv"_s;
    QTest::newRow("ftp server") << QStringList { u"--server"_s, u"ftp://example.com"_s }
                                << u"--server must be an http:// or https:// URL"_s;
    QTest::newRow("server without host")
        << QStringList { u"--server"_s, u"http://"_s } << u"--server"_s;
    QTest::newRow("missing value") << QStringList { u"--server"_s } << u"server"_s;
    QTest::newRow("heartbeat too short")
        << QStringList { u"--heartbeat"_s, u"10"_s } << u"--heartbeat must be 100 to 60000"_s;
    QTest::newRow("heartbeat not a number")
        << QStringList { u"--heartbeat"_s, u"fast"_s } << u"--heartbeat"_s;
    QTest::newRow("check zero") << QStringList { u"--check"_s, u"0"_s } << u"--check"_s;
    QTest::newRow("check negative") << QStringList { u"--check"_s, u"-5"_s } << u"--check"_s;
    QTest::newRow("screenshot delay")
        << QStringList { u"--screenshot-delay"_s, u"soon"_s } << u"--screenshot-delay"_s;
    QTest::newRow("empty language") << QStringList { u"--lang"_s, u" "_s } << u"--lang"_s;
    QTest::newRow("tiles without {y}")
        << QStringList { u"--tiles"_s, u"https://tile.example.org/{z}/{x}.png"_s }
        << u"--tiles has no {y}"_s;
    QTest::newRow("tiles not http") << QStringList { u"--tiles"_s, u"tiles/{z}/{x}/{y}.png"_s }
                                    << u"--tiles must be an http:// or https:// URL"_s;
    QTest::newRow("tiles and mbtiles") << QStringList { u"--tiles"_s,
        u"https://t.example.org/{z}/{x}/{y}.png"_s, u"--mbtiles"_s, u"london.mbtiles"_s }
                                       << u"alternatives"_s;
    QTest::newRow("missing mbtiles")
        << QStringList { u"--mbtiles"_s, u"/nonexistent/london.mbtiles"_s }
        << u"--mbtiles: no such file: /nonexistent/london.mbtiles"_s;
    QTest::newRow("tile cache size")
        << QStringList { u"--tile-cache-size"_s, u"0"_s } << u"--tile-cache-size"_s;
}

void tst_AppOptions::rejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    const AppCommandLine result = AppOptions::parse(QStringList { u"opsboard"_s } + arguments);
    QCOMPARE(result.outcome, AppCommandLine::Outcome::Error);
    QCOMPARE(result.exitCode(), 2);
    QVERIFY2(result.text.startsWith(u"opsboard: "_s), qPrintable(result.text));
    QVERIFY2(result.text.contains(reason), qPrintable(result.text));
    QVERIFY(result.text.contains(u"--help"_s)); // says where to look
}

void tst_AppOptions::helpAndVersionNeedNoApplication()
{
    QVERIFY(!QCoreApplication::instance());
    const AppCommandLine help =
        AppOptions::parse({ u"/usr/bin/opsboard"_s, u"--help"_s, u"--frobnicate"_s });
    // An unknown option next to --help is still an error: nothing half-parsed runs.
    QCOMPARE(help.outcome, AppCommandLine::Outcome::Error);

    const AppCommandLine onlyHelp = AppOptions::parse({ u"/usr/bin/opsboard"_s, u"-h"_s });
    QCOMPARE(onlyHelp.outcome, AppCommandLine::Outcome::Help);
    QCOMPARE(onlyHelp.exitCode(), 0);
    QVERIFY(onlyHelp.text.startsWith(u"Usage: opsboard [options]"_s));
    for (const QString &option : { u"--server <url>"_s, u"--token <token>"_s, u"--demo"_s,
             u"--state-log <file>"_s, u"--heartbeat <ms>"_s, u"--check <s>"_s, u"--version"_s })
        QVERIFY2(onlyHelp.text.contains(option), qPrintable(option));
    QVERIFY(!onlyHelp.text.contains(u"help-all"_s)); // Qt's options need an application object
    QCOMPARE(AppOptions::helpText(u"opsboard"_s), onlyHelp.text);

    const AppCommandLine version = AppOptions::parse({ u"opsboard"_s, u"--version"_s });
    QCOMPARE(version.outcome, AppCommandLine::Outcome::Version);
    QCOMPARE(version.text, u"opsboard %1\n"_s.arg(QLatin1StringView(OPS_VERSION)));
    QCOMPARE(version.exitCode(), 0);
    QVERIFY(!QCoreApplication::instance());
}

void tst_AppOptions::eventMapAndCertificatesFromTheirFiles()
{
    AppOptions options;
    QString error;
    const auto builtIn = eventMapFor(options, &error);
    QVERIFY(builtIn);
    QVERIFY(error.isEmpty());
    QTemporaryDir dir;
    options.eventMapFile = dir.filePath(u"missing.json"_s);
    QVERIFY(!eventMapFor(options, &error));
    QVERIFY2(error.contains(u"missing.json"_s), qPrintable(error));

    int argc = 1;
    char name[] = "tst_appoptions";
    char *argv[] = { name, nullptr };
    QCoreApplication app(argc, argv); // the session's sockets and timers need one
    Session session;
    options.heartbeat = std::chrono::milliseconds(1234);
    error.clear();
    QVERIFY(configureSession(&session, options, &error));
    QCOMPARE(session.connection()->heartbeatInterval(), std::chrono::milliseconds(1234));
    QFile notPem(dir.filePath(u"ca.pem"_s));
    QVERIFY(notPem.open(QIODevice::WriteOnly));
    notPem.write("not a certificate\n");
    notPem.close();
    options.caFile = notPem.fileName();
    QVERIFY(!configureSession(&session, options, &error));
    QCOMPARE(error, u"no PEM certificate in %1"_s.arg(notPem.fileName()));
}

QTEST_APPLESS_MAIN(tst_AppOptions)
#include "tst_appoptions.moc"
