// `opsboard-server users …` against the real binary and a real server using the file it edits:
// a new user's token is printed once and only its hash is stored; rotate replaces the token;
// remove takes the user out, and the running server closes their sessions with 4001, whether it
// notices the file by itself or is told with SIGHUP; list and the usage errors; a manager of some
// regions manages only the drivers there.

#include <csignal>
#include <memory>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "frameclient.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    //! The token printed on the `token: ` line; empty when there is none.
    [[nodiscard]] QString token() const
    {
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("token: "))
                return QString::fromUtf8(line.mid(7).trimmed());
        }
        return {};
    }
};

Run users(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(OPS_SERVER_BINARY), QStringList { u"users"_s } + args);
    Run run;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QJsonArray entries(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value("users"_L1).toArray();
}

} // namespace

class tst_UserCommand : public QObject
{
    Q_OBJECT

private:
    int status(const QString &token);
    HttpResult request(const QByteArray &verb, const QString &path, const QString &token,
        const QByteArray &body = {});
    std::unique_ptr<FrameClient> session(const QString &token);

    QTemporaryDir m_dir;
    QString m_file;
    QString m_admin; //!< a manager of every region
    std::unique_ptr<ServerProcess> m_server;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void addPrintsATokenOnceAndStoresOnlyItsHash();
    void rotateReplacesTheToken();
    void removeClosesTheUsersSessionsWith4001();
    void sighupReloadsTheFile();
    void listAndUsageErrors();
    void aRegionalManagerManagesOnlyTheirRegionsDrivers();
};

int tst_UserCommand::status(const QString &token)
{
    return sendHttp(m_nam, "GET", QUrl(m_server->baseUrl().toString() + u"/api/kpis"_s), token)
        .status;
}

HttpResult tst_UserCommand::request(
    const QByteArray &verb, const QString &path, const QString &token, const QByteArray &body)
{
    return sendHttp(m_nam, verb, QUrl(m_server->baseUrl().toString() + path), token, body);
}

std::unique_ptr<FrameClient> tst_UserCommand::session(const QString &token)
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(m_server->socketUrl());
    if (!connected.wait(5000))
        return client;
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(token));
    client->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    (void)QTest::qWaitFor(
        [&client] { return client->ops().contains(u"subscribed"_s) || client->disconnected; },
        5000);
    return client;
}

void tst_UserCommand::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_file = m_dir.filePath(u"users.json"_s);
    // The first user makes the file.
    const Run admin =
        users({ u"add"_s, u"admin"_s, u"--role"_s, u"manager"_s, u"--users"_s, m_file });
    QCOMPARE(admin.exitCode, 0);
    m_admin = admin.token();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0,
                 { u"--users"_s, m_file, u"--demo"_s, u"--no-sim"_s, u"--orders"_s, u"5"_s,
                     u"--alert-interval"_s, u"0"_s }),
        qPrintable(m_server->errorString()));
    QCOMPARE(status(m_admin), 200);
}

void tst_UserCommand::cleanupTestCase()
{
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_UserCommand::addPrintsATokenOnceAndStoresOnlyItsHash()
{
    const Run ann = users({ u"add"_s, u"ann"_s, u"--role"_s, u"dispatcher"_s, u"--regions"_s,
        u"north,east"_s, u"--users"_s, m_file });
    QCOMPARE(ann.exitCode, 0);
    const QString token = ann.token();
    QVERIFY(token.startsWith(u"ops_"_s));
    QCOMPARE(token.size(), 4 + 43);
    QCOMPARE(ann.out.count(token.toUtf8()), 1); // printed once
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(!stored.contains(token.toUtf8()));
    QVERIFY(file.permissions() & QFileDevice::ReadOwner);
    QVERIFY(!(file.permissions() & QFileDevice::ReadOther));
    const QJsonObject entry = entries(m_file).last().toObject();
    QCOMPARE(entry.value("name"_L1).toString(), u"ann"_s);
    QCOMPARE(entry.value("role"_L1).toString(), u"dispatcher"_s);
    QCOMPARE(entry.value("regions"_L1).toArray(), (QJsonArray { u"north"_s, u"east"_s }));
    QCOMPARE(entry.value("tokenSha256"_L1).toString().toUtf8(),
        QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
    // The running server picks the new user up by itself.
    QTRY_COMPARE_WITH_TIMEOUT(status(token), 200, 10000);
    // A driver's login names the driver it is, and the server takes it as that driver: its
    // own API answers, the dispatchers' does not.
    const Run driver = users({ u"add"_s, u"dan"_s, u"--role"_s, u"driver"_s, u"--driver"_s,
        u"DRV-003"_s, u"--users"_s, m_file });
    QCOMPARE(driver.exitCode, 0);
    QCOMPARE(entries(m_file).last().toObject().value("driverId"_L1).toString(), u"DRV-003"_s);
    QCOMPARE(entries(m_file).last().toObject().value("role"_L1).toString(), u"driver"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        sendHttp(m_nam, "GET", QUrl(m_server->baseUrl().toString() + u"/api/me/orders"_s),
            driver.token())
            .status,
        200, 10000);
    QCOMPARE(status(driver.token()), 403);
    // The role and the driver id go together.
    for (const QStringList &mismatch :
        { QStringList { u"add"_s, u"eve"_s, u"--role"_s, u"driver"_s },
            QStringList {
                u"add"_s, u"eve"_s, u"--role"_s, u"viewer"_s, u"--driver"_s, u"DRV-003"_s } }) {
        const Run refused = users(mismatch + QStringList { u"--users"_s, m_file });
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--driver"), refused.err.constData());
    }
    // Twice the same name is refused and changes nothing.
    const qsizetype before = entries(m_file).size();
    const Run again = users({ u"add"_s, u"ann"_s, u"--role"_s, u"viewer"_s, u"--users"_s, m_file });
    QCOMPARE(again.exitCode, 2);
    QVERIFY(again.err.contains("exists already"));
    QCOMPARE(entries(m_file).size(), before);
}

void tst_UserCommand::rotateReplacesTheToken()
{
    const Run bob = users({ u"add"_s, u"bob"_s, u"--role"_s, u"viewer"_s, u"--users"_s, m_file });
    QTRY_COMPARE_WITH_TIMEOUT(status(bob.token()), 200, 10000);
    const Run rotated = users({ u"rotate"_s, u"bob"_s, u"--users"_s, m_file });
    QCOMPARE(rotated.exitCode, 0);
    QVERIFY(rotated.token() != bob.token());
    QTRY_COMPARE_WITH_TIMEOUT(status(bob.token()), 401, 10000);
    QCOMPARE(status(rotated.token()), 200);
    QCOMPARE(users({ u"rotate"_s, u"nobody"_s, u"--users"_s, m_file }).exitCode, 1);
}

void tst_UserCommand::removeClosesTheUsersSessionsWith4001()
{
    const Run carl =
        users({ u"add"_s, u"carl"_s, u"--role"_s, u"dispatcher"_s, u"--users"_s, m_file });
    QTRY_COMPARE_WITH_TIMEOUT(status(carl.token()), 200, 10000);
    auto live = session(carl.token());
    QVERIFY(live->ops().contains(u"subscribed"_s));
    const Run removed = users({ u"remove"_s, u"carl"_s, u"--users"_s, m_file });
    QCOMPARE(removed.exitCode, 0);
    QTRY_VERIFY_WITH_TIMEOUT(live->disconnected, 10000);
    QCOMPARE(live->closeCode(), 4001);
    QCOMPARE(status(carl.token()), 401);
    for (const QJsonValue &v : entries(m_file))
        QVERIFY(v.toObject().value("name"_L1).toString() != "carl"_L1);
}

void tst_UserCommand::sighupReloadsTheFile()
{
#ifdef SIGHUP
    const Run dora = users({ u"add"_s, u"dora"_s, u"--role"_s, u"viewer"_s, u"--users"_s, m_file });
    QTRY_COMPARE_WITH_TIMEOUT(status(dora.token()), 200, 10000);
    auto live = session(dora.token());
    QVERIFY(live->ops().contains(u"subscribed"_s));
    // Written in place (not replaced, as an editor might), then SIGHUP: the reload an operator
    // asks for, also where watching files does not work.
    QJsonArray kept;
    for (const QJsonValue &v : entries(m_file)) {
        if (v.toObject().value("name"_L1).toString() != "dora"_L1)
            kept.append(v);
    }
    QFile file(m_file);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(QJsonObject { { "users"_L1, kept } }).toJson());
    file.close();
    QVERIFY(::kill(pid_t(m_server->processId()), SIGHUP) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(live->disconnected, 10000);
    QCOMPARE(live->closeCode(), 4001);
    QCOMPARE(status(dora.token()), 401);
#else
    QSKIP("no SIGHUP on this platform");
#endif
}

void tst_UserCommand::listAndUsageErrors()
{
    const Run list = users({ u"list"_s, u"--users"_s, m_file });
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("NAME"));
    QVERIFY(list.out.contains("admin"));
    QVERIFY(list.out.contains("north,east"));
    QVERIFY(list.out.contains("DRV-003"));
    QVERIFY(!list.out.contains("tokenSha256"));
    QVERIFY(!list.out.contains(
        entries(m_file).at(0).toObject().value("tokenSha256"_L1).toString().toUtf8()));
    const QByteArray before = [this] {
        QFile f(m_file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    struct Case
    {
        QStringList args;
        QByteArray says;
    };
    const QList<Case> cases {
        { { u"add"_s, u"eve"_s, u"--users"_s, m_file }, "--role" },
        { { u"add"_s, u"eve"_s, u"--role"_s, u"emperor"_s, u"--users"_s, m_file }, "unknown role" },
        { { u"add"_s, u"eve smith"_s, u"--role"_s, u"viewer"_s, u"--users"_s, m_file },
            "user name" },
        { { u"add"_s, u"eve"_s, u"--role"_s, u"viewer"_s }, "--users" },
        { { u"remove"_s, u"--users"_s, m_file }, "NAME" },
        { { u"rotate"_s, u"eve"_s, u"--role"_s, u"viewer"_s, u"--users"_s, m_file }, "--role" },
        { { u"promote"_s, u"ann"_s, u"--users"_s, m_file }, "add, list, remove or rotate" },
    };
    for (const Case &c : cases) {
        const Run r = users(c.args);
        QVERIFY2(r.exitCode == 2, qPrintable(c.args.join(u' ')));
        QVERIFY2(r.err.contains(c.says), r.err.constData());
    }
    QFile after(m_file);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), before);
    const Run help = users({ u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("users add NAME --role ROLE"));
}

void tst_UserCommand::aRegionalManagerManagesOnlyTheirRegionsDrivers()
{
    const Run mia = users({ u"add"_s, u"mia"_s, u"--role"_s, u"manager"_s, u"--regions"_s,
        u"north"_s, u"--users"_s, m_file });
    QCOMPARE(mia.exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(status(mia.token()), 200, 10000);
    QString mine;
    QString other;
    for (const QJsonValue &v : request("GET", u"/api/drivers"_s, m_admin).json.array()) {
        const QJsonObject driver = v.toObject();
        QString &slot = driver.value("region"_L1).toString() == "north"_L1 ? mine : other;
        if (slot.isEmpty())
            slot = driver.value("id"_L1).toString();
    }
    QVERIFY(!mine.isEmpty());
    QVERIFY(!other.isEmpty());
    const QJsonObject before = request("GET", u"/api/drivers/"_s + other, m_admin).json.object();
    // Another region's driver: not to read, and not to change either.
    QCOMPARE(request("GET", u"/api/drivers/"_s + other, mia.token()).status, 403);
    const HttpResult patched =
        request("PATCH", u"/api/drivers/"_s + other, mia.token(), R"({"vehicle":"Van 9"})");
    QCOMPARE(patched.status, 403);
    QVERIFY2(
        patched.json.object().value("message"_L1).toString().contains(u"outside your regions"_s),
        patched.body.constData());
    QCOMPARE(
        request("POST", u"/api/drivers/%1/devices"_s.arg(other), mia.token(), "{}").status, 403);
    QCOMPARE(
        request("DELETE", u"/api/drivers/%1/devices/DEV-000000000000"_s.arg(other), mia.token())
            .status,
        403);
    QCOMPARE(request("GET", u"/api/drivers/"_s + other, m_admin).json.object(), before);
    // Their own region's driver they manage.
    QCOMPARE(
        request("PATCH", u"/api/drivers/"_s + mine, mia.token(), R"({"vehicle":"Van 9"})").status,
        200);
}

QTEST_GUILESS_MAIN(tst_UserCommand)
#include "tst_usercommand.moc"
