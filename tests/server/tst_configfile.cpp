// ConfigFile: the strict `key = value` format; every bad input is refused with file:line.

#include <QTemporaryDir>
#include <QTest>

#include "server/ops/configfile.h"

using namespace Qt::StringLiterals;
using Ops::ConfigFile;

namespace {

ConfigFile makeParser()
{
    return ConfigFile({ u"listen"_s, u"port"_s, u"db"_s, u"tls-cert"_s, u"log-format"_s },
        { u"demo"_s, u"no-sim"_s });
}

} // namespace

class tst_ConfigFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsTheFormat();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void missingFileIsAnError();
    void argumentsPutTheFileFirst();
    void groupsOfSettings();
};

void tst_ConfigFile::acceptsTheFormat()
{
    ConfigFile config = makeParser();
    const QByteArray text = "# opsboard-server\n"
                            "\n"
                            "listen = 0.0.0.0\r\n"
                            "   port=8443   \n"
                            "  # indented comment\n"
                            "db = /var/lib/opsboard/ops b.sqlite\n"
                            "tls-cert = /etc/opsboard/a=b.pem\n"
                            "demo = true\n"
                            "no-sim = false\n";
    QVERIFY2(config.parse(text, u"ops.conf"_s), qPrintable(config.error()));
    QCOMPARE(config.entries().size(), 6);
    QCOMPARE(config.entries().at(0).key, u"listen"_s);
    QCOMPARE(config.entries().at(0).value, u"0.0.0.0"_s);
    QCOMPARE(config.entries().at(1).value, u"8443"_s);
    QCOMPARE(config.entries().at(2).value, u"/var/lib/opsboard/ops b.sqlite"_s);
    QCOMPARE(config.entries().at(3).value, u"/etc/opsboard/a=b.pem"_s); // first '=' splits
    QCOMPARE(config.origin(u"port"_s), u"ops.conf:4"_s);
    QCOMPARE(config.origin(u"log-format"_s), QString());
}

void tst_ConfigFile::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::newRow("no equals") << QByteArray("listen 127.0.0.1\n")
                               << u"f.conf:1: expected 'key = value'"_s;
    QTest::newRow("unknown key") << QByteArray("# c\nlisten = ::1\nprot = 80\n")
                                 << u"f.conf:3: unknown key 'prot'"_s;
    QTest::newRow("dashed key") << QByteArray(
        "--port = 80\n") << u"f.conf:1: unknown key '--port' (write keys without leading dashes)"_s;
    QTest::newRow("duplicate key") << QByteArray("port = 1\n\nport = 2\n")
                                   << u"f.conf:3: duplicate key 'port' (first set on line 1)"_s;
    QTest::newRow("empty key") << QByteArray(" = 5\n") << u"f.conf:1: missing key before '='"_s;
    QTest::newRow("empty value") << QByteArray("db =   \n") << u"f.conf:1: empty value for 'db'"_s;
    QTest::newRow("flag value") << QByteArray(
        "demo = yes\n") << u"f.conf:1: 'demo' is a switch: the value must be true or false"_s;
    QTest::newRow("control character")
        << QByteArray("db = a\tb\n") << u"f.conf:1: control character in the value of 'db'"_s;
    QTest::newRow("config in config")
        << QByteArray("config = other.conf\n") << u"f.conf:1: unknown key 'config'"_s;
    QTest::newRow("help key") << QByteArray("help = true\n") << u"f.conf:1: unknown key 'help'"_s;
    QTest::newRow("not utf-8") << QByteArray("db = \xff\xfe\n") << u"f.conf: not valid UTF-8"_s;
    QTest::newRow("long line") << (QByteArray("db = ") + QByteArray(5000, 'x') + '\n')
                               << u"f.conf:1: line longer than 4096 characters"_s;
}

void tst_ConfigFile::rejectsBadInput()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    ConfigFile config = makeParser();
    QVERIFY(!config.parse(text, u"f.conf"_s));
    QCOMPARE(config.error(), error);
    QVERIFY(config.entries().isEmpty());
}

void tst_ConfigFile::missingFileIsAnError()
{
    QTemporaryDir dir;
    ConfigFile config = makeParser();
    const QString path = dir.filePath(u"absent.conf"_s);
    QVERIFY(!config.load(path));
    QVERIFY2(config.error().startsWith(path + u": cannot read"_s), qPrintable(config.error()));
}

void tst_ConfigFile::argumentsPutTheFileFirst()
{
    ConfigFile config = makeParser();
    QVERIFY(config.parse("port = 9000\ndemo = true\nno-sim = false\nlisten = ::1\n", u"f"_s));
    QCOMPARE(config.toArguments(),
        (QStringList { u"--port"_s, u"9000"_s, u"--demo"_s, u"--listen"_s, u"::1"_s }));
}

void tst_ConfigFile::groupsOfSettings()
{
    ConfigFile config = makeParser();
    config.addGroup(u"webhook."_s, { u"url"_s, u"secret"_s });
    QVERIFY2(config.parse("port = 1\nwebhook.shop.url = http://h/?a=b\nwebhook.erp_2.secret = s\n",
                 u"g.conf"_s),
        qPrintable(config.error()));
    const QList<ConfigFile::Entry> hooks = config.groupEntries(u"webhook."_s);
    QCOMPARE(hooks.size(), 2);
    QCOMPARE(hooks.at(0).key, u"webhook.shop.url"_s);
    QCOMPARE(hooks.at(0).value, u"http://h/?a=b"_s);
    QCOMPARE(hooks.at(1).line, 3);
    // Not command-line options.
    QCOMPARE(config.toArguments(), (QStringList { u"--port"_s, u"1"_s }));
    for (const QByteArray &bad :
        { QByteArray("webhook.shop.colour = x\n"), QByteArray("webhook..url = x\n"),
            QByteArray("webhook.url = x\n"), QByteArray("hook.shop.url = x\n") }) {
        QVERIFY2(!config.parse(bad, u"g.conf"_s), bad.constData());
        QVERIFY(config.error().startsWith(u"g.conf:1: unknown key"_s));
    }
}

QTEST_GUILESS_MAIN(tst_ConfigFile)
#include "tst_configfile.moc"
