// Several opsboard-server processes over one PostgreSQL database: every event reaches every
// instance's clients once, in seq order, without gaps, also across a killed LISTEN backend and
// a PostgreSQL restart; a client resumes on another instance with exactly what it missed.

#include <memory>

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "frameclient.h"
#include "pgcluster.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

constexpr auto kDatabase = "opsboard"_L1;
constexpr auto kToken = "demo-manager"_L1;

//! "seq type id version" of one event frame: comparable with the database's log rows.
QString eventKey(const QJsonObject &frame)
{
    return u"%1 %2 %3 %4"_s.arg(frame.value("seq"_L1).toInteger())
        .arg(frame.value("type"_L1).toString(), frame.value("id"_L1).toString())
        .arg(frame.value("version"_L1).toInteger());
}

QList<QJsonObject> eventsOf(const FrameClient &client)
{
    QList<QJsonObject> events;
    for (const QJsonObject &f : client.frames) {
        if (f.value("op"_L1).toString() == "event"_L1)
            events.append(f);
    }
    return events;
}

} // namespace

class tst_MultiInstance : public QObject
{
    Q_OBJECT

private:
    ServerProcess &instance(int i) { return *m_servers[size_t(i)]; }
    //! Connects to \a server, authenticates as manager and subscribes to `orders` (from
    //! \a since when given); returns once `subscribed` arrived.
    std::unique_ptr<FrameClient> subscriber(ServerProcess &server, const QJsonObject &since = {});
    HttpResult request(ServerProcess &server, const QByteArray &verb, const QString &path,
        const QByteArray &body = {});
    //! PATCHes every (instance, order, status) at once and waits for all answers; returns the
    //! HTTP statuses in the same order.
    QList<int> patchConcurrently(const QList<std::tuple<int, QString, QString>> &writes);
    //! The database's event log after \a seq as eventKey() strings.
    QStringList logAfter(qint64 seq);
    qint64 dbHead();
    QStringList ordersWithStatus(const QString &status);
    //! Waits until \a client holds events up to the database head; then checks that they are
    //! exactly the log after \a fromSeq, in order, once each.
    void verifyDeliveredExactly(const FrameClient &client, qint64 fromSeq);

    PgCluster m_cluster;
    std::array<std::unique_ptr<ServerProcess>, 3> m_servers;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyInstanceSharesOneLog();
    void concurrentWritersFanOutOnceInOrder();
    void resumeOnAnotherInstanceGetsExactlyTheMissed();
    void killedListenBackendHeals();
    void postgresRestartHeals();
    void badDatabaseArgumentExitsWithAReason_data();
    void badDatabaseArgumentExitsWithAReason();
};

void tst_MultiInstance::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    OPS_START_PG_CLUSTER(m_cluster);
    QVERIFY2(m_cluster.createDatabase(kDatabase), qPrintable(m_cluster.errorString()));
    for (size_t i = 0; i < m_servers.size(); ++i) {
        m_servers[i] = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
        m_servers[i]->setDatabase(m_cluster.url(kDatabase));
        // No simulator, no alert engine, no ETA engine: the database changes only when a test
        // writes. Every instance runs the same command line; the first seeds, the others find
        // data.
        QVERIFY2(m_servers[i]->start(0,
                     { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--no-eta"_s,
                         u"--orders"_s, u"300"_s, u"--seed"_s, u"3"_s }),
            qPrintable(m_servers[i]->errorString()));
    }
}

void tst_MultiInstance::cleanupTestCase()
{
    for (auto &server : m_servers)
        server.reset();
}

std::unique_ptr<FrameClient> tst_MultiInstance::subscriber(
    ServerProcess &server, const QJsonObject &since)
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(server.socketUrl());
    if (!connected.wait(5000))
        return client;
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(kToken));
    QJsonObject subscribe { { "op"_L1, "subscribe"_L1 },
        { "channels"_L1, QJsonArray { "orders"_L1 } } };
    if (!since.isEmpty())
        subscribe.insert("since"_L1, since);
    client->send(QString::fromUtf8(QJsonDocument(subscribe).toJson(QJsonDocument::Compact)));
    (void)QTest::qWaitFor(
        [&client] { return client->ops().contains(u"subscribed"_s) || client->disconnected; },
        10000);
    return client;
}

HttpResult tst_MultiInstance::request(
    ServerProcess &server, const QByteArray &verb, const QString &path, const QByteArray &body)
{
    return sendHttp(m_nam, verb, QUrl(server.baseUrl().toString() + path), kToken, body);
}

QList<int> tst_MultiInstance::patchConcurrently(
    const QList<std::tuple<int, QString, QString>> &writes)
{
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (const auto &[server, id, status] : writes) {
        QNetworkRequest req(QUrl(instance(server).baseUrl().toString() + u"/api/orders/"_s + id));
        req.setRawHeader("Authorization", "Bearer " + QByteArray(kToken.data(), kToken.size()));
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        replies.emplace_back(
            m_nam.sendCustomRequest(req, "PATCH", u"{\"status\":\"%1\"}"_s.arg(status).toUtf8()));
    }
    (void)QTest::qWaitFor(
        [&replies] {
            return std::all_of(replies.begin(), replies.end(),
                [](const auto &reply) { return reply->isFinished(); });
        },
        30000);
    QList<int> statuses;
    for (const auto &reply : replies)
        statuses.append(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt());
    return statuses;
}

QStringList tst_MultiInstance::logAfter(qint64 seq)
{
    return m_cluster.query(kDatabase,
        u"SELECT seq || ' ' || type || ' ' || entity_id || ' ' || version FROM event_log "
        "WHERE seq > %1 ORDER BY seq"_s.arg(seq));
}

qint64 tst_MultiInstance::dbHead()
{
    const QStringList rows = m_cluster.query(kDatabase, u"SELECT seq FROM event_head"_s);
    return rows.isEmpty() ? -1 : rows.first().toLongLong();
}

QStringList tst_MultiInstance::ordersWithStatus(const QString &status)
{
    QStringList ids;
    const HttpResult list = request(instance(0), "GET", u"/api/orders?status="_s + status);
    for (const QJsonValue &v : list.json.array())
        ids.append(v.toObject().value("id"_L1).toString());
    return ids;
}

void tst_MultiInstance::verifyDeliveredExactly(const FrameClient &client, qint64 fromSeq)
{
    const qint64 head = dbHead();
    QVERIFY(head > fromSeq);
    QTRY_VERIFY_WITH_TIMEOUT(client.hasEventWithSeq(head), 10000);
    QStringList delivered;
    for (const QJsonObject &e : eventsOf(client)) {
        if (e.value("seq"_L1).toInteger() > fromSeq)
            delivered.append(eventKey(e));
    }
    const QStringList log = logAfter(fromSeq);
    QCOMPARE(log.size(), head - fromSeq); // the log itself has no gap
    QCOMPARE(delivered, log); // every event once, in seq order
}

void tst_MultiInstance::everyInstanceSharesOneLog()
{
    // Seeded once although three instances ran --demo; one epoch, one head everywhere.
    QCOMPARE(
        m_cluster.query(kDatabase, u"SELECT COUNT(*) FROM orders"_s), QStringList { u"300"_s });
    QSet<QByteArray> positions;
    for (int i = 0; i < 3; ++i) {
        const HttpResult ready = request(instance(i), "GET", u"/readyz"_s);
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json.object().value("ready"_L1).toBool(), true);
        QCOMPARE(ready.json.object().value("database"_L1).toString(), u"postgresql"_s);
        positions.insert(
            request(instance(i), "GET", u"/api/orders"_s).headers.value("opsboard-position"));
    }
    QCOMPARE(positions.size(), 1);
}

void tst_MultiInstance::concurrentWritersFanOutOnceInOrder()
{
    auto watcher = subscriber(instance(2));
    QVERIFY(watcher->ops().contains(u"subscribed"_s));
    const qint64 start = dbHead();
    const QStringList fresh = ordersWithStatus(u"new"_s).mid(0, 24);
    QCOMPARE(fresh.size(), 24);
    // Three rounds over the same orders (new → assigned → new → assigned), each order written
    // alternately through instance 0 and 1, all requests of a round in flight together.
    const QStringList rounds { u"assigned"_s, u"new"_s, u"assigned"_s };
    for (const QString &status : rounds) {
        QList<std::tuple<int, QString, QString>> writes;
        for (qsizetype i = 0; i < fresh.size(); ++i)
            writes.append({ int(i % 2), fresh.at(i), status });
        const QList<int> statuses = patchConcurrently(writes);
        QCOMPARE(statuses, QList<int>(writes.size(), 200));
    }
    QCOMPARE(dbHead(), start + 72);
    verifyDeliveredExactly(*watcher, start);
    // The writers' own clients see the same stream.
    auto late = subscriber(instance(0),
        QJsonObject { { "epoch"_L1, watcher->frames.last().value("epoch"_L1).toString() },
            { "seq"_L1, start } });
    QCOMPARE(late->frames.last().value("replayed"_L1).toInteger(), 72);
    verifyDeliveredExactly(*late, start);
}

void tst_MultiInstance::resumeOnAnotherInstanceGetsExactlyTheMissed()
{
    auto first = subscriber(instance(0));
    const QJsonObject position = first->frames.last().value("position"_L1).toObject();
    const QString epoch = position.value("epoch"_L1).toString();
    QStringList ids = ordersWithStatus(u"new"_s).mid(0, 6);
    QCOMPARE(ids.size(), 6);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(
            request(instance(1), "PATCH", u"/api/orders/"_s + ids.at(i), R"({"status":"assigned"})")
                .status,
            200);
    const qint64 seen = dbHead();
    QTRY_VERIFY_WITH_TIMEOUT(first->hasEventWithSeq(seen), 10000);
    first->socket.close();
    QTRY_VERIFY(first->disconnected);
    // Missed while away: four writes through two other instances.
    for (int i = 2; i < 6; ++i)
        QCOMPARE(request(instance(1 + i % 2), "PATCH", u"/api/orders/"_s + ids.at(i),
                     R"({"status":"assigned"})")
                     .status,
            200);
    auto resumed =
        subscriber(instance(2), QJsonObject { { "epoch"_L1, epoch }, { "seq"_L1, seen } });
    const QJsonObject subscribed = resumed->frames.last();
    QCOMPARE(subscribed.value("op"_L1).toString(), u"subscribed"_s);
    QCOMPARE(subscribed.value("replayed"_L1).toInteger(), 4);
    QVERIFY(!resumed->ops().contains(u"resync"_s));
    verifyDeliveredExactly(*resumed, seen);
    QCOMPARE(eventsOf(*resumed).size(), 4);
}

void tst_MultiInstance::killedListenBackendHeals()
{
    auto watcher = subscriber(instance(2));
    const qint64 start = dbHead();
    QCOMPARE(m_cluster.terminateBackends(u"opsboard-listen"_s), 3);
    // Written while the links are down (or just coming back): nothing may be lost.
    const QStringList ids = ordersWithStatus(u"new"_s).mid(0, 10);
    QCOMPARE(ids.size(), 10);
    QList<std::tuple<int, QString, QString>> writes;
    for (qsizetype i = 0; i < ids.size(); ++i)
        writes.append({ int(i % 2), ids.at(i), u"assigned"_s });
    QCOMPARE(patchConcurrently(writes), QList<int>(writes.size(), 200));
    verifyDeliveredExactly(*watcher, start);
    // Every instance listens again.
    QTRY_COMPARE_WITH_TIMEOUT(m_cluster.query(u"postgres"_s,
                                  u"SELECT COUNT(*) FROM pg_stat_activity WHERE "
                                  "application_name = 'opsboard-listen'"_s),
        QStringList { u"3"_s }, 10000);
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(request(instance(i), "GET", u"/readyz"_s).status, 200, 10000);
    // And wakes up on notifications again: a write through instance 0 reaches instance 2's
    // client well before a safety poll would matter (it is bounded by it at worst).
    const qint64 before = dbHead();
    QCOMPARE(request(instance(0), "PATCH", u"/api/orders/"_s + ids.first(), R"({"status":"new"})")
                 .status,
        200);
    verifyDeliveredExactly(*watcher, before);
}

void tst_MultiInstance::postgresRestartHeals()
{
    auto watcher = subscriber(instance(2));
    const qint64 start = dbHead();
    const QStringList ids = ordersWithStatus(u"new"_s).mid(0, 8);
    QCOMPARE(ids.size(), 8);
    QCOMPARE(
        request(instance(0), "PATCH", u"/api/orders/"_s + ids.at(0), R"({"status":"assigned"})")
            .status,
        200);

    m_cluster.stop();
    for (int i = 0; i < 3; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(request(instance(i), "GET", u"/readyz"_s).status, 503, 10000);
        const HttpResult down = request(instance(i), "GET", u"/readyz"_s);
        QCOMPARE(down.json.object().value("ready"_L1).toBool(true), false);
        QVERIFY(!down.json.object().value("message"_L1).toString().isEmpty());
    }
    const HttpResult refused =
        request(instance(1), "PATCH", u"/api/orders/"_s + ids.at(1), R"({"status":"assigned"})");
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.error(), u"unavailable"_s);
    QCOMPARE(request(instance(1), "GET", u"/api/orders"_s).status, 503);
    // The WebSocket sessions stay up: clients keep their connection to the instance.
    QVERIFY(!watcher->disconnected);

    QVERIFY2(m_cluster.restart(), qPrintable(m_cluster.errorString()));
    for (int i = 0; i < 3; ++i)
        QTRY_COMPARE_WITH_TIMEOUT(request(instance(i), "GET", u"/readyz"_s).status, 200, 15000);
    QList<std::tuple<int, QString, QString>> writes;
    for (qsizetype i = 1; i < ids.size(); ++i)
        writes.append({ int(i % 2), ids.at(i), u"assigned"_s });
    QCOMPARE(patchConcurrently(writes), QList<int>(writes.size(), 200));
    QCOMPARE(dbHead(), start + 8);
    verifyDeliveredExactly(*watcher, start);
    QVERIFY(!watcher->disconnected);
}

void tst_MultiInstance::badDatabaseArgumentExitsWithAReason_data()
{
    QTest::addColumn<QString>("db");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    // A port nothing listens on (the cluster's port + 1 is not ours; probe a free one).
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closed = probe.serverPort();
    probe.close();
    QTest::newRow("unreachable")
        << u"postgresql://ops:s3cret@127.0.0.1:%1/x"_s.arg(closed) << 1
        << u"cannot connect to PostgreSQL at postgresql://ops@127.0.0.1:%1/x"_s.arg(closed);
    QTest::newRow("no database name")
        << u"postgresql://ops:s3cret@127.0.0.1:5432/"_s << 2 << u"--db: bad PostgreSQL URL"_s;
    QTest::newRow("unknown option") << u"postgresql://ops:s3cret@127.0.0.1/x?user=root"_s << 2
                                    << u"--db: bad PostgreSQL URL: unsupported option 'user'"_s;
}

void tst_MultiInstance::badDatabaseArgumentExitsWithAReason()
{
    QFETCH(QString, db);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QProcess process;
    process.start(QStringLiteral(OPS_SERVER_BINARY),
        { u"--demo"_s, u"--no-sim"_s, u"--port"_s, u"0"_s, u"--db"_s, db });
    QVERIFY(process.waitForFinished(20000));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), exitCode);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!err.contains(u"s3cret"_s), qPrintable(err)); // never the password
    QVERIFY(process.readAllStandardOutput().isEmpty()); // it never said it was listening
}

QTEST_GUILESS_MAIN(tst_MultiInstance)
#include "tst_multiinstance.moc"
