#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include "frameclient.h"
#include "rawwsclient.h"
#include "server/demo/demodata.h"
#include "server/domain/alertservice.h"
#include "server/domain/orderservice.h"
#include "server/opsserver.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

//! Fans out \a count synthetic order events of about \a bytes each after the store's head
//! (the hub sends what Store::eventLogged carries; nothing is written to the database). With
//! \a perTurn, the test's own event loop runs after every \a perTurn events: the hub's workers
//! send while the events are still being made, and a client of the test must keep reading.
void fanOutEvents(Store &store, qint64 firstSeq, int count, int bytes = 1024, int perTurn = 0)
{
    const QString pad(bytes, u'x');
    for (int i = 0; i < count; ++i) {
        ChangeEvent event;
        event.seq = firstSeq + i;
        event.epoch = store.epoch();
        event.type = u"order.updated"_s;
        event.entity = u"order"_s;
        event.id = u"o-flood"_s;
        event.version = event.seq;
        event.ts = QDateTime::currentDateTimeUtc();
        event.fields.insert("note"_L1, pad);
        Q_EMIT store.eventLogged(event, QString());
        if (perTurn > 0 && (i + 1) % perTurn == 0)
            QCoreApplication::processEvents();
    }
}

//! Appends \a count order events of about \a bytes each to the log in one transaction, without
//! announcing them (as if written while no session was connected): what a resuming client
//! needs replayed.
void appendToLog(Store &store, int count, int bytes)
{
    QSqlDatabase db = QSqlDatabase::database(store.connectionName());
    QVERIFY(db.transaction());
    QSqlQuery q(db);
    QVERIFY(
        q.prepare(u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields, "
                  "region) VALUES ('order.updated', 'order', 'ORD-00001', ?, ?, ?, 'north')"_s));
    const QString fields = u"{\"note\":\"%1\"}"_s.arg(QString(bytes, u'x'));
    const QString ts = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (int i = 0; i < count; ++i) {
        q.addBindValue(i + 1);
        q.addBindValue(ts);
        q.addBindValue(fields);
        QVERIFY(q.exec());
    }
    QVERIFY(db.commit());
}

//! A raw client that authenticated and subscribed to `orders`.
std::unique_ptr<RawWsClient> subscribedRawClient(quint16 port)
{
    auto raw = std::make_unique<RawWsClient>();
    if (!raw->open(port))
        return {};
    raw->sendText(R"({"op":"auth","token":"demo-manager"})");
    raw->sendText(R"({"op":"subscribe","channels":["orders"]})");
    if (!QTest::qWaitFor([&raw] { return raw->lastText().contains("\"subscribed\""); }, 5000))
        return {};
    return raw;
}

} // namespace

class tst_OpsServer : public QObject
{
    Q_OBJECT

private:
    HttpResult request(const QByteArray &verb, const QString &path, const QString &token = {},
        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    //! Opens a socket to \a path (Wire::SocketPath by default) and waits until connected.
    std::unique_ptr<FrameClient> connectWs(const QString &path = u"/ws"_s);
    //! Connects, authenticates as \a token and waits for `ready`.
    std::unique_ptr<FrameClient> readyClient(const QString &token = u"demo-manager"_s);
    //! The first order (by id) in state New, optionally within \a regions; when the seeded day
    //! has none there, one is added the way seeding adds them (no event).
    Order firstNewOrder(const QStringList &regions = {});

    QTemporaryDir m_dir;
    std::unique_ptr<OpsServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;

private Q_SLOTS:
    void init();
    void cleanup();

    void healthz();
    void unauthorizedWithoutOrWithWrongToken();
    void listCarriesPositionHeader();
    void getItemAndNotFound();
    void patchIsBroadcastWithNextSeq();
    void staleIfMatchConflictsWithCurrent();
    void badBodiesChangeNothing_data();
    void badBodiesChangeNothing();
    void rolesAndRegionsAreEnforced();
    void authTimeoutCloses4008();
    void badTokenCloses4001();
    void garbageFrameGetsErrorAndConnectionStaysUsable();
    void tooManyBadFramesClose4000();
    void unknownChannelIsForbidden();
    void oversizedFrameCloses1009_data();
    void oversizedFrameCloses1009();
    void slowConsumerCloses4030();
    void slowConsumerSeesItsCloseFrame();
    void largeReplayStreamsWhole();
    void subscribeSinceReplaysMissedEventsInOrder();
    void foreignEpochGetsResync();
    void expiredEventsGetResync();
    void unknownSocketPathIsClosed();
    void silentPeerIsAbortedByHeartbeat();
    void slowReaderIsNotAbortedByHeartbeat();
    void peerThatStopsReadingIsDroppedInTime();
    void silentPeerIsFoundAfterTwoIntervals();
    void stalledQueueIsClosedAfterTwoIntervals();
    void sendBudgetClosesFurthestBehindFirst();
    void listFiltersSortsAndPages();
    void etagRevalidationAnswers304();
    void deltaReadsSinceSeq();
    void historyAndBulkStatus();
    void patchAssignsDriver();
    void listFiltersByDriver();
    void driversPaymentsAlertsKpis();
    void alertActionsUseIfMatch();
    void snoozeHidesAlertUntilThen_data();
    void snoozeHidesAlertUntilThen();
    void kpiTimelineCountsPerBucket();
    void recentEventsNewestFirstWithinPermissions();
    void eventsFilteredByChannelAndRegion();
    void maxChannelsPerConnection();
    void connectionRateLimitSaysRetryAfter();
    void revokedTokenGetsNothing();
    void alertEngineRaisesAndResolves();
    void simulatorIsDeterministicPerSeed();
    void shutdownClosesSessionsInBatches();
};

HttpResult tst_OpsServer::request(const QByteArray &verb, const QString &path, const QString &token,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(
        m_nam, verb, QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)), token, body, headers);
}

std::unique_ptr<FrameClient> tst_OpsServer::connectWs(const QString &path)
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(QUrl(u"ws://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    connected.wait(5000);
    return client;
}

std::unique_ptr<FrameClient> tst_OpsServer::readyClient(const QString &token)
{
    auto client = connectWs();
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(token));
    (void)QTest::qWaitFor(
        [&client] { return !client->frames.isEmpty() || client->disconnected; }, 5000);
    return client;
}

Order tst_OpsServer::firstNewOrder(const QStringList &regions)
{
    const QList<Order> orders = m_server->store().orders().list().orders;
    for (const Order &o : orders) {
        if (o.status == OrderStatus::New && (regions.isEmpty() || regions.contains(o.region)))
            return o;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Store::InitialState state;
    state.orders.append(Order { u"ORD-%1"_s.arg(orders.size() + 1, 5, 10, QLatin1Char('0')),
        u"Corner Books"_s, regions.isEmpty() ? u"north"_s : regions.constFirst(), u"Depot"_s,
        u"1 High St"_s, {}, {}, OrderStatus::New, 1000, now.addSecs(3600), now, 1 });
    if (!m_server->store().insertInitialState(state).ok())
        return {};
    return state.orders.constFirst();
}

void tst_OpsServer::init()
{
    QVERIFY(m_dir.isValid());
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_server = std::make_unique<OpsServer>();
    m_server->setAuth(Demo::users());
    const QString path =
        m_dir.filePath(u"%1.sqlite"_s.arg(QLatin1StringView(QTest::currentTestFunction())));
    QVERIFY(m_server->openStore(path).ok());
    QVERIFY(Demo::seedOrders(m_server->store(), 40, 11).ok());
    m_server->setSessionTimeouts(5s, 10s);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
    QVERIFY(!firstNewOrder().id.isEmpty());
}

void tst_OpsServer::cleanup()
{
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_OpsServer::healthz()
{
    const HttpResult r = request("GET", u"/healthz"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("status"_L1).toString(), u"ok"_s);
    QCOMPARE(r.json.object().value("version"_L1).toString(), QString::fromLatin1(OPS_VERSION));
    const HttpResult missing = request("GET", u"/nope"_s, u"demo-manager"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json.object().value("error"_L1).toString(), u"not_found"_s);
}

void tst_OpsServer::unauthorizedWithoutOrWithWrongToken()
{
    for (const QString &token : { QString(), u"wrong-token"_s }) {
        for (const QString &path : { u"/api/orders"_s, u"/api/orders/ORD-00001"_s }) {
            const HttpResult r = request("GET", path, token);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.json.object().value("error"_L1).toString(), u"unauthorized"_s);
            QVERIFY(!r.json.object().value("message"_L1).toString().isEmpty());
            QVERIFY(!r.body.contains("ORD-"));
        }
    }
    const HttpResult patch =
        request("PATCH", u"/api/orders/ORD-00001"_s, u"wrong"_s, R"({"status":"cancelled"})");
    QCOMPARE(patch.status, 401);
    QCOMPARE(m_server->store().log().head().seq, 0);
}

void tst_OpsServer::listCarriesPositionHeader()
{
    const Order order = firstNewOrder();
    QVERIFY(
        m_server->orders().setStatus(order.id, OrderStatus::Assigned, std::nullopt, u"t"_s).ok());
    const HttpResult r = request("GET", u"/api/orders"_s, u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.isArray());
    QCOMPARE(r.json.array().size(), 40);
    const auto position =
        StreamPosition::fromHeaderValue(QString::fromUtf8(r.headers.value("opsboard-position")));
    QVERIFY(position);
    QCOMPARE(position->epoch, m_server->store().epoch());
    QCOMPARE(position->seq, 1);
    QString error;
    const auto first = Order::fromJson(r.json.array().at(0).toObject(), &error);
    QVERIFY2(first, qPrintable(error));
    QCOMPARE(first->id, u"ORD-00001"_s);
}

void tst_OpsServer::getItemAndNotFound()
{
    const HttpResult r = request("GET", u"/api/orders/ORD-00003"_s, u"demo-viewer"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("id"_L1).toString(), u"ORD-00003"_s);
    QCOMPARE(r.headers.value("etag"), "\"1\""_ba);
    QCOMPARE(r.headers.value("opsboard-position"),
        m_server->store().log().head().toHeaderValue().toUtf8());

    const HttpResult missing = request("GET", u"/api/orders/ORD-99999"_s, u"demo-viewer"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json.object().value("error"_L1).toString(), u"not_found"_s);
    QVERIFY(missing.json.object().value("message"_L1).toString().contains(u"ORD-99999"_s));
}

void tst_OpsServer::patchIsBroadcastWithNextSeq()
{
    auto client = readyClient();
    QCOMPARE(client->ops(), QStringList { u"ready"_s });
    QCOMPARE(client->frames.at(0).value("user"_L1).toString(), u"manager"_s);
    client->send(u"{\"op\":\"subscribe\",\"channels\":[\"orders\"]}"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("op"_L1).toString(), u"subscribed"_s);
    const qint64 headBefore = m_server->store().log().head().seq;

    const Order order = firstNewOrder({ u"north"_s, u"east"_s });
    QVERIFY(!order.id.isEmpty());
    const HttpResult r = request("PATCH", u"/api/orders/%1"_s.arg(order.id), u"demo-dispatcher"_s,
        R"({"status":"assigned"})", { { "If-Match", "\"1\"" } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(r.json.object().value("version"_L1).toInteger(), 2);
    QCOMPARE(r.headers.value("etag"), "\"2\""_ba);

    QTRY_COMPARE(client->frames.size(), 3);
    const QJsonObject event = client->frames.at(2);
    QCOMPARE(event.value("op"_L1).toString(), u"event"_s);
    QCOMPARE(event.value("type"_L1).toString(), u"order.updated"_s);
    QCOMPARE(event.value("id"_L1).toString(), order.id);
    QCOMPARE(event.value("version"_L1).toInteger(), 2);
    QCOMPARE(event.value("seq"_L1).toInteger(), headBefore + 1);
    QCOMPARE(event.value("epoch"_L1).toString(), m_server->store().epoch());
    QCOMPARE(m_server->hub().eventsDelivered(), 1);
}

void tst_OpsServer::staleIfMatchConflictsWithCurrent()
{
    const Order order = firstNewOrder();
    const QString path = u"/api/orders/%1"_s.arg(order.id);
    const HttpResult first = request(
        "PATCH", path, u"demo-manager"_s, R"({"status":"assigned"})", { { "If-Match", "1" } });
    QCOMPARE(first.status, 200);
    const HttpResult stale = request(
        "PATCH", path, u"demo-manager"_s, R"({"status":"cancelled"})", { { "If-Match", "\"1\"" } });
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.json.object().value("error"_L1).toString(), u"conflict"_s);
    const QJsonObject current = stale.json.object().value("current"_L1).toObject();
    QCOMPARE(current.value("version"_L1).toInteger(), 2);
    QCOMPARE(current.value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(toString(m_server->store().orders().get(order.id)->status), u"assigned"_s);
    QCOMPARE(m_server->store().log().head().seq, 1);
}

void tst_OpsServer::badBodiesChangeNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("ifMatch");
    QTest::addColumn<int>("status");
    QTest::newRow("malformed") << "{\"status\":"_ba << QByteArray() << 400;
    QTest::newRow("not an object") << "[\"assigned\"]"_ba << QByteArray() << 400;
    QTest::newRow("unknown field")
        << R"({"status":"assigned","customer":"Someone Else"})"_ba << QByteArray() << 400;
    QTest::newRow("wrong type") << R"({"status":3})"_ba << QByteArray() << 400;
    // Last-wins would make this a valid cancellation.
    QTest::newRow("duplicate field")
        << R"({"status":"assigned","status":"cancelled"})"_ba << QByteArray() << 400;
    QTest::newRow("unknown status") << R"({"status":"teleported"})"_ba << QByteArray() << 400;
    QTest::newRow("invalid transition") << R"({"status":"delivered"})"_ba << QByteArray() << 400;
    QTest::newRow("empty object") << "{}"_ba << QByteArray() << 400;
    QTest::newRow("driverId wrong type") << R"({"driverId":3})"_ba << QByteArray() << 400;
    QTest::newRow("driverId empty") << R"({"driverId":""})"_ba << QByteArray() << 400;
    QTest::newRow("unknown driver")
        << R"({"status":"assigned","driverId":"DRV-999"})"_ba << QByteArray() << 400;
    QTest::newRow("bad If-Match") << R"({"status":"assigned"})"_ba
                                  << "\"abc\""_ba << 400;
    QTest::newRow("too large") << QByteArray(R"({"status":"assigned","x":")")
            + QByteArray(70 * 1024, 'x') + "\"}"
                               << QByteArray() << 413;
}

void tst_OpsServer::badBodiesChangeNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, ifMatch);
    QFETCH(int, status);
    const Order before = firstNewOrder();
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!ifMatch.isEmpty())
        headers.append({ "If-Match", ifMatch });
    const HttpResult r =
        request("PATCH", u"/api/orders/%1"_s.arg(before.id), u"demo-manager"_s, body, headers);
    QCOMPARE(r.status, status);
    QCOMPARE(r.json.object().value("error"_L1).toString(),
        status == 413 ? u"payload_too_large"_s : u"bad_request"_s);
    QVERIFY(!r.json.object().value("message"_L1).toString().isEmpty());
    QVERIFY(m_server->store().orders().get(before.id) == before);
    QCOMPARE(m_server->store().log().head().seq, 0);
}

void tst_OpsServer::rolesAndRegionsAreEnforced()
{
    const Order order = firstNewOrder();
    const HttpResult viewer = request(
        "PATCH", u"/api/orders/%1"_s.arg(order.id), u"demo-viewer"_s, R"({"status":"assigned"})");
    QCOMPARE(viewer.status, 403);
    QCOMPARE(viewer.json.object().value("error"_L1).toString(), u"forbidden"_s);

    // The dispatcher works north and east only.
    const HttpResult list = request("GET", u"/api/orders"_s, u"demo-dispatcher"_s);
    QCOMPARE(list.status, 200);
    QVERIFY(!list.json.array().isEmpty());
    QVERIFY(list.json.array().size() < 40);
    for (const QJsonValue &v : list.json.array()) {
        const QString region = v.toObject().value("region"_L1).toString();
        QVERIFY2(region == "north"_L1 || region == "east"_L1, qPrintable(region));
    }
    std::optional<Order> foreign;
    for (const Order &o : m_server->store().orders().list().orders) {
        if ((o.region == "south"_L1 || o.region == "west"_L1) && !isFinal(o.status)) {
            foreign = o;
            break;
        }
    }
    QVERIFY(foreign);
    const QString path = u"/api/orders/%1"_s.arg(foreign->id);
    QCOMPARE(request("GET", path, u"demo-dispatcher"_s).status, 403);
    QCOMPARE(request("PATCH", path, u"demo-dispatcher"_s, R"({"status":"cancelled"})").status, 403);
    QCOMPARE(m_server->store().log().head().seq, 0);
}

void tst_OpsServer::authTimeoutCloses4008()
{
    m_server->setSessionTimeouts(200ms, 10s);
    auto client = connectWs();
    QCOMPARE(m_server->hub().sessionCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4008);
    QVERIFY(client->frames.isEmpty());
    QTRY_COMPARE(m_server->hub().sessionCount(), 0);
}

void tst_OpsServer::badTokenCloses4001()
{
    auto client = connectWs();
    client->send(uR"({"op":"auth","token":"not-a-token"})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4001);
    QVERIFY(client->frames.isEmpty());

    // Anything but auth as the first frame is refused the same way.
    auto eager = connectWs();
    eager->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(eager->disconnected, 5000);
    QCOMPARE(eager->closeCode(), 4001);
    QVERIFY(eager->frames.isEmpty());
}

void tst_OpsServer::garbageFrameGetsErrorAndConnectionStaysUsable()
{
    auto client = readyClient();
    client->send(u"this is not json"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("op"_L1).toString(), u"error"_s);
    QCOMPARE(client->frames.at(1).value("error"_L1).toString(), u"bad_frame"_s);
    QVERIFY(client->frames.at(1).value("message"_L1).toString().contains(u"malformed"_s));
    client->send(uR"({"op":"subscribe","channels":["orders"],"extra":1})"_s);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->frames.at(2).value("op"_L1).toString(), u"error"_s);
    QCOMPARE(m_server->hub().rejectedFrames(), 2);

    client->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_COMPARE(client->frames.size(), 4);
    QCOMPARE(client->frames.at(3).value("op"_L1).toString(), u"subscribed"_s);
    QVERIFY(m_server->orders()
                .create(Order { {}, u"C"_s, u"north"_s, {}, {}, {}, {}, OrderStatus::New, 100,
                            QDateTime::currentDateTimeUtc(), {}, 0 },
                    u"t"_s)
                .ok());
    QTRY_COMPARE(client->frames.size(), 5);
    QCOMPARE(client->frames.at(4).value("type"_L1).toString(), u"order.created"_s);
    QVERIFY(!client->disconnected);
}

void tst_OpsServer::tooManyBadFramesClose4000()
{
    auto client = readyClient();
    for (int i = 0; i < 10; ++i)
        client->send(u"{"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4000);
    QCOMPARE(client->ops().count(u"error"_s), 9);
}

void tst_OpsServer::unknownChannelIsForbidden()
{
    auto client = readyClient(u"demo-viewer"_s);
    client->send(uR"({"op":"subscribe","channels":["orders","payroll"]})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4003);
    QCOMPARE(client->ops(), (QStringList { u"ready"_s, u"error"_s }));
    QCOMPARE(client->frames.at(1).value("error"_L1).toString(), u"forbidden"_s);
}

void tst_OpsServer::oversizedFrameCloses1009_data()
{
    QTest::addColumn<int>("bytes");
    QTest::newRow("64 KiB + 1 KiB") << int(Wire::MaxFrameBytes + 1024);
    QTest::newRow("1 MiB") << 1024 * 1024;
    QTest::newRow("10 MB") << 10 * 1000 * 1000;
}

void tst_OpsServer::oversizedFrameCloses1009()
{
    QFETCH(int, bytes);
    auto client = readyClient();
    // Qt's client sends a message over 512 KiB as several frames: the first one is too big.
    client->send(
        uR"({"op":"subscribe","channels":["orders"],"pad":"%1"})"_s.arg(QString(bytes, u'x')));
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 10000);
    QCOMPARE(client->closeCode(), int(Wire::CloseCode::TooBig));
    QCOMPARE(client->socket.closeReason(), u"frame larger than 65536 bytes"_s);
    QCOMPARE(client->ops(), QStringList { u"ready"_s });
    QTRY_COMPARE(
        m_server->hub().stats().rejectedFrames.at(std::size_t(EventHub::FrameRejection::TooBig)),
        1);
    QVERIFY(m_server->metrics().exposition().contains(
        "opsboard_ws_rejected_frames_total{reason=\"too_big\"} 1\n"));
}

void tst_OpsServer::slowConsumerCloses4030()
{
    // A cap below one frame: the first frame leaves more queued than allowed.
    m_server->hub().setMaxBufferedBytes(16);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"closing slow consumer"_s));
    auto client = connectWs();
    client->send(uR"({"op":"auth","token":"demo-manager"})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), int(Wire::CloseCode::SlowConsumer));
    QTRY_COMPARE(m_server->hub().sessionCount(), 0);
}

void tst_OpsServer::slowConsumerSeesItsCloseFrame()
{
    // The reader drains ~1.6 MB/s, slower than the flood: it goes over the cap and is closed,
    // and still reads that close frame after what was already on its way. (The interval is
    // long enough that the test's own thread, which makes the events and does the reading, is
    // not starved for two of them on a busy machine: that would rightly count as a stall.)
    m_server->setSessionTimeouts(5s, 300ms);
    m_server->hub().setMaxBufferedBytes(512 * 1024);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"closing slow consumer"_s));
    auto raw = subscribedRawClient(m_port);
    QVERIFY(raw);
    raw->readSlowly(16 * 1024, 10);
    fanOutEvents(m_server->store(), m_server->store().log().head().seq + 1, 2000, 1024, 50);
    QTRY_VERIFY_WITH_TIMEOUT(raw->closeReceived() || raw->disconnected(), 20000);
    QVERIFY2(
        raw->closeReceived(), qPrintable(u"%1 frames, no close frame"_s.arg(raw->textFrames())));
    QCOMPARE(raw->closeCode(), int(Wire::CloseCode::SlowConsumer));
    QVERIFY2(raw->closeReason().contains("send queue over"), raw->closeReason().constData());
    QCOMPARE(m_server->hub().stats().heartbeatAborts, 0);
}

void tst_OpsServer::largeReplayStreamsWhole()
{
    // A replay many times the per-session cap reaches a reader whole, as its socket drains,
    // and then `subscribed`; it never trips the cap meant for clients that fall behind.
    m_server->hub().setMaxBufferedBytes(256 * 1024);
    Store &store = m_server->store();
    const StreamPosition seen = store.log().head();
    appendToLog(store, 3000, 600);
    auto client = readyClient();
    client->send(uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":%2}})"_s
                     .arg(seen.epoch)
                     .arg(seen.seq));
    QTRY_VERIFY_WITH_TIMEOUT(client->frames.size() == 3002 || client->disconnected, 30000);
    QVERIFY2(!client->disconnected,
        qPrintable(u"closed %1 '%2' after %3 frames"_s.arg(client->closeCode())
                       .arg(client->socket.closeReason())
                       .arg(client->frames.size())));
    for (int i = 0; i < 3000; ++i)
        QCOMPARE(client->frames.at(1 + i).value("seq"_L1).toInteger(), seen.seq + 1 + i);
    QCOMPARE(client->frames.at(3001).value("op"_L1).toString(), u"subscribed"_s);
    QCOMPARE(client->frames.at(3001).value("replayed"_L1).toInteger(), 3000);

    // A reader that drains slowly gets all of it too, just later.
    auto slow = std::make_unique<RawWsClient>();
    QVERIFY(slow->open(m_port));
    slow->readSlowly(32 * 1024, 5);
    slow->sendText(R"({"op":"auth","token":"demo-manager"})");
    slow->sendText(u"{\"op\":\"subscribe\",\"channels\":[\"orders\"],\"since\":{\"epoch\":\"%1\","
                   "\"seq\":%2}}"_s.arg(seen.epoch)
                       .arg(seen.seq)
                       .toUtf8());
    QTRY_VERIFY_WITH_TIMEOUT(
        slow->lastText().contains("\"subscribed\"") || slow->disconnected(), 60000);
    QVERIFY(!slow->closeReceived());
    QCOMPARE(slow->textFrames(), 3002);
    QCOMPARE(m_server->hub().stats().closesByCode.value(quint16(Wire::CloseCode::SlowConsumer)), 0);
}

void tst_OpsServer::subscribeSinceReplaysMissedEventsInOrder()
{
    Store &store = m_server->store();
    // One event the client has already seen, then three it missed.
    const Order a = firstNewOrder();
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::Assigned, 1, u"t"_s).ok());
    const StreamPosition seen = store.log().head();
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::PickedUp, 2, u"t"_s).ok());
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::InTransit, 3, u"t"_s).ok());
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::Delivered, 4, u"t"_s).ok());

    auto client = readyClient();
    client->send(uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":%2}})"_s
                     .arg(seen.epoch)
                     .arg(seen.seq));
    QTRY_COMPARE(client->frames.size(), 5);
    QCOMPARE(client->ops(),
        (QStringList { u"ready"_s, u"event"_s, u"event"_s, u"event"_s, u"subscribed"_s }));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(client->frames.at(1 + i).value("seq"_L1).toInteger(), seen.seq + 1 + i);
        QCOMPARE(client->frames.at(1 + i).value("version"_L1).toInteger(), 3 + i);
    }
    const QJsonObject subscribed = client->frames.at(4);
    QCOMPARE(subscribed.value("replayed"_L1).toInteger(), 3);
    QCOMPARE(subscribed.value("position"_L1).toObject().value("seq"_L1).toInteger(), 4);

    // Live events continue right after the replay, with no gap and no duplicate.
    QVERIFY(OrderService(store)
                .create(Order { {}, u"C"_s, u"west"_s, {}, {}, {}, {}, OrderStatus::New, 100,
                            QDateTime::currentDateTimeUtc(), {}, 0 },
                    u"t"_s)
                .ok());
    QTRY_COMPARE(client->frames.size(), 6);
    QCOMPARE(client->frames.at(5).value("seq"_L1).toInteger(), 5);

    // Subscribing again does not replay anything twice.
    client->send(
        uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":0}})"_s.arg(
            seen.epoch));
    QTRY_COMPARE(client->frames.size(), 7);
    QCOMPARE(client->frames.at(6).value("op"_L1).toString(), u"subscribed"_s);
    QCOMPARE(client->frames.at(6).value("replayed"_L1).toInteger(), 0);
}

void tst_OpsServer::foreignEpochGetsResync()
{
    Store &store = m_server->store();
    QVERIFY(
        OrderService(store).setStatus(firstNewOrder().id, OrderStatus::Assigned, 1, u"t"_s).ok());
    auto client = readyClient();
    client->send(
        uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"0123abcd","seq":0}})"_s);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->ops(), (QStringList { u"ready"_s, u"resync"_s, u"subscribed"_s }));
    const QJsonObject resync = client->frames.at(1);
    QCOMPARE(resync.value("reason"_L1).toString(), u"epoch_changed"_s);
    QCOMPARE(resync.value("position"_L1).toObject().value("epoch"_L1).toString(), store.epoch());
    QCOMPARE(resync.value("position"_L1).toObject().value("seq"_L1).toInteger(), 1);
    QCOMPARE(client->frames.at(2).value("replayed"_L1).toInteger(), 0);
}

void tst_OpsServer::expiredEventsGetResync()
{
    Store &store = m_server->store();
    const Order a = firstNewOrder();
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::Assigned, 1, u"t"_s).ok());
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::PickedUp, 2, u"t"_s).ok());
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::InTransit, 3, u"t"_s).ok());
    QCOMPARE(store.log().trim(1), 2);
    auto client = readyClient();
    client->send(
        uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":0}})"_s.arg(
            store.epoch()));
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->ops(), (QStringList { u"ready"_s, u"resync"_s, u"subscribed"_s }));
    QCOMPARE(client->frames.at(1).value("reason"_L1).toString(), u"events_expired"_s);

    // Since seq 2 only needs seq 3, which is retained: a replay, not a resync.
    auto other = readyClient();
    other->send(uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":2}})"_s.arg(
        store.epoch()));
    QTRY_COMPARE(other->frames.size(), 3);
    QCOMPARE(other->ops(), (QStringList { u"ready"_s, u"event"_s, u"subscribed"_s }));
}

void tst_OpsServer::unknownSocketPathIsClosed()
{
    auto client = connectWs(u"/elsewhere"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), int(QWebSocketProtocol::CloseCodePolicyViolated));
    QVERIFY(client->socket.closeReason().contains(u"/ws"_s));
}

void tst_OpsServer::silentPeerIsAbortedByHeartbeat()
{
    m_server->setSessionTimeouts(10s, 100ms);
    // A raw TCP peer that completes the handshake and then never answers a ping.
    QTcpSocket raw;
    raw.setProxy(QNetworkProxy::NoProxy);
    raw.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(raw.bytesAvailable() > 0 || !raw.isOpen(), 5000);
    QVERIFY(raw.peek(64).startsWith("HTTP/1.1 101"));
    QTRY_COMPARE(m_server->hub().sessionCount(), 1);
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_COMPARE_WITH_TIMEOUT(raw.state(), QAbstractSocket::UnconnectedState, 5000);
    QTRY_COMPARE(m_server->hub().sessionCount(), 0);
    // Two intervals of silence, found on the next heartbeat tick.
    QVERIFY2(elapsed.elapsed() >= 150, qPrintable(QString::number(elapsed.elapsed())));
}

void tst_OpsServer::slowReaderIsNotAbortedByHeartbeat()
{
    // The server's pings wait behind ~5 MB of events that the client reads at ~1.6 MB/s, so
    // each pong comes back seconds after the ping was queued, far more than two intervals.
    // (The interval is long enough that the test's own thread, which does the reading, is not
    // starved for two of them by a busy machine: the server runs in threads of its own.)
    m_server->setSessionTimeouts(5s, 300ms);
    m_server->hub().setMaxBufferedBytes(64 * 1024 * 1024);
    auto raw = subscribedRawClient(m_port);
    QVERIFY(raw);
    const int before = raw->textFrames();
    raw->stopReading(16 * 1024);
    const int count = 5000;
    raw->readSlowly(16 * 1024, 10);
    fanOutEvents(m_server->store(), m_server->store().log().head().seq + 1, count, 1024, 50);
    // A condition wait, not a time limit: writing the 5,000 events and reading them slowly takes
    // a few seconds on a quiet machine and over half a minute on a busy one.
    QTRY_VERIFY_WITH_TIMEOUT(
        raw->textFrames() - before == count || raw->closeReceived() || raw->disconnected(), 120000);
    QCOMPARE(m_server->hub().stats().heartbeatAborts, 0);
    if (raw->closeReceived()) {
        // Allowed: the slow-consumer rule, with a close frame and a reason.
        QCOMPARE(raw->closeCode(), int(Wire::CloseCode::SlowConsumer));
        QVERIFY(!raw->closeReason().isEmpty());
        return;
    }
    QVERIFY(!raw->disconnected());
    QCOMPARE(raw->textFrames() - before, count);
    QVERIFY(raw->pingsAnswered() > 0);
    // Still alive after it caught up: pings and pongs go on as usual.
    const int pings = raw->pingsAnswered();
    QTRY_VERIFY_WITH_TIMEOUT(raw->pingsAnswered() >= pings + 3, 5000);
    QCOMPARE(m_server->hub().sessionCount(), 1);
}

void tst_OpsServer::peerThatStopsReadingIsDroppedInTime()
{
    // A peer that neither reads nor answers, with megabytes queued for it: whether its ping
    // left or is stuck behind a queue that no longer drains, it is gone within a few intervals.
    m_server->setSessionTimeouts(5s, 100ms);
    m_server->hub().setMaxBufferedBytes(64 * 1024 * 1024);
    auto raw = subscribedRawClient(m_port);
    QVERIFY(raw);
    raw->stopReading();
    QElapsedTimer elapsed;
    elapsed.start();
    fanOutEvents(m_server->store(), m_server->store().log().head().seq + 1, 8000);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub().sessionCount(), 0, 5000);
    QCOMPARE(m_server->hub().stats().heartbeatAborts, 1);
    QVERIFY2(elapsed.elapsed() < 3000, qPrintable(QString::number(elapsed.elapsed())));
}

void tst_OpsServer::silentPeerIsFoundAfterTwoIntervals()
{
    // The heartbeat's phase starts now and the peer's last frames follow at once: the worst
    // case for a check that runs once per interval.
    m_server->setSessionTimeouts(5s, 1s);
    auto raw = subscribedRawClient(m_port);
    QVERIFY(raw);
    QElapsedTimer silent;
    silent.start();
    raw->stopReading(0); // no pong from now on
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub().stats().heartbeatAborts, 1, 10000);
    const qint64 ms = silent.elapsed();
    QVERIFY2(ms >= 1900 && ms < 2600, qPrintable(u"aborted after %1 ms"_s.arg(ms)));
}

void tst_OpsServer::stalledQueueIsClosedAfterTwoIntervals()
{
    // A peer that keeps talking but stops reading: once its queue stops draining it is closed
    // as a slow consumer two intervals later.
    m_server->setSessionTimeouts(5s, 600ms);
    m_server->hub().setMaxBufferedBytes(64 * 1024 * 1024);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"send queue stalled"_s));
    auto raw = subscribedRawClient(m_port);
    QVERIFY(raw);
    raw->stopReading();
    QTimer talk;
    connect(&talk, &QTimer::timeout, raw.get(),
        [&raw] { raw->sendText(R"({"op":"unsubscribe","channels":["drivers"]})"); });
    talk.start(100);
    // The queue stops draining somewhere between the start of the fan-out and its end (the
    // peer's socket buffers fill first): no sooner than two intervals after the start, and
    // sooner than three after the end. How long the fan-out itself takes depends on the machine.
    QElapsedTimer sinceStart;
    sinceStart.start();
    fanOutEvents(m_server->store(), m_server->store().log().head().seq + 1, 3000);
    QElapsedTimer sinceEnd;
    sinceEnd.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->hub().stats().stalledCloses, 1, 10000);
    const qint64 fromStart = sinceStart.elapsed();
    const qint64 fromEnd = sinceEnd.elapsed();
    QVERIFY2(fromStart >= 1100 && fromEnd < 1750,
        qPrintable(
            u"closed %1 ms after the fan-out started, %2 ms after it ended"_s.arg(fromStart).arg(
                fromEnd)));
    QCOMPARE(m_server->hub().stats().heartbeatAborts, 0);
}

void tst_OpsServer::sendBudgetClosesFurthestBehindFirst()
{
    m_server->hub().setSendBudget(256 * 1024);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"send budget of"_s));
    auto reader = readyClient();
    reader->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_COMPARE(reader->frames.size(), 2);
    auto stalled = subscribedRawClient(m_port);
    QVERIFY(stalled);
    stalled->stopReading(0);

    // One event per event-loop turn: the reader keeps up, the stalled client's queue grows.
    const qint64 first = m_server->store().log().head().seq + 1;
    qint64 seq = first;
    QVERIFY(QTest::qWaitFor(
        [&] {
            fanOutEvents(m_server->store(), seq++, 1);
            return m_server->hub().stats().budgetCloses > 0 || seq > 20000;
        },
        30000));
    QCOMPARE(m_server->hub().stats().budgetCloses, 1);
    QCOMPARE(m_server->hub().stats().closesByCode.value(quint16(Wire::CloseCode::SlowConsumer)), 1);
    QVERIFY(m_server->hub().queuedBytes() <= 256 * 1024);

    // The stalled client finds the close frame, with its reason, behind its queued events.
    stalled->readSlowly(0, 0);
    QTRY_VERIFY2_WITH_TIMEOUT(stalled->closeReceived(),
        qPrintable(u"%1 frames, disconnected %2"_s.arg(stalled->textFrames())
                       .arg(stalled->disconnected())),
        10000);
    QCOMPARE(stalled->closeCode(), int(Wire::CloseCode::SlowConsumer));
    QVERIFY2(stalled->closeReason().contains("send budget"), stalled->closeReason().constData());
    // The reader is untouched and has every event.
    QVERIFY(!reader->disconnected);
    QTRY_COMPARE(reader->frames.size(), 2 + int(seq - first));
    QTRY_COMPARE(m_server->hub().sessionCount(), 1);
    const QByteArray metrics = m_server->metrics().exposition();
    QVERIFY(metrics.contains("opsboard_ws_send_budget_closes_total 1\n"));
    QVERIFY(
        metrics.contains("opsboard_ws_closes_total{reason=\"slow_consumer\",code=\"4030\"} 1\n"));
}

void tst_OpsServer::listFiltersSortsAndPages()
{
    const HttpResult r = request("GET",
        u"/api/orders?status=new,assigned&sort=amountCents&order=desc&limit=5&offset=1"_s,
        u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.isArray());
    QCOMPARE(r.json.array().size(), 5);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue &v : r.json.array()) {
        const QString status = v.toObject().value("status"_L1).toString();
        QVERIFY(status == "new"_L1 || status == "assigned"_L1);
        QVERIFY(v.toObject().value("amountCents"_L1).toInteger() <= previous);
        previous = v.toObject().value("amountCents"_L1).toInteger();
    }
    QVERIFY(r.headers.value("opsboard-total-count").toInt() >= 6);
    QCOMPARE(request("GET", u"/api/orders?order=sideways"_s, u"demo-manager"_s).status, 400);
    QCOMPARE(request("GET", u"/api/orders?status=lost"_s, u"demo-manager"_s).status, 400);
    QCOMPARE(request("GET", u"/api/orders?epoch=abc"_s, u"demo-manager"_s).status, 400);
}

void tst_OpsServer::etagRevalidationAnswers304()
{
    const HttpResult list = request("GET", u"/api/orders"_s, u"demo-manager"_s);
    const QByteArray etag = list.headers.value("etag");
    QVERIFY(!etag.isEmpty());
    const HttpResult same =
        request("GET", u"/api/orders"_s, u"demo-manager"_s, {}, { { "If-None-Match", etag } });
    QCOMPARE(same.status, 304);
    QVERIFY(same.body.isEmpty());
    QCOMPARE(same.headers.value("opsboard-position"), list.headers.value("opsboard-position"));
    // Another caller scope never shares the tag.
    QCOMPARE(
        request("GET", u"/api/orders"_s, u"demo-dispatcher"_s, {}, { { "If-None-Match", etag } })
            .status,
        200);
    const HttpResult item = request("GET", u"/api/orders/ORD-00002"_s, u"demo-manager"_s);
    QCOMPARE(request("GET", u"/api/orders/ORD-00002"_s, u"demo-manager"_s, {},
                 { { "If-None-Match", item.headers.value("etag") } })
                 .status,
        304);
    // Any change moves the tag.
    QVERIFY(m_server->orders()
                .setStatus(firstNewOrder().id, OrderStatus::Assigned, std::nullopt, u"t"_s)
                .ok());
    QCOMPARE(request("GET", u"/api/orders"_s, u"demo-manager"_s, {}, { { "If-None-Match", etag } })
                 .status,
        200);
    const HttpResult drivers = request("GET", u"/api/drivers"_s, u"demo-manager"_s);
    QCOMPARE(request("GET", u"/api/drivers"_s, u"demo-manager"_s, {},
                 { { "If-None-Match", drivers.headers.value("etag") } })
                 .status,
        304);
}

void tst_OpsServer::deltaReadsSinceSeq()
{
    Store &store = m_server->store();
    const Order a = firstNewOrder();
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::Assigned, 1, u"t"_s).ok());
    const StreamPosition since = store.log().head();
    QVERIFY(OrderService(store).setStatus(a.id, OrderStatus::PickedUp, 2, u"t"_s).ok());
    const auto created =
        OrderService(store).create(Order { {}, u"C"_s, u"north"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, QDateTime::currentDateTimeUtc(), {}, 0 },
            u"t"_s);
    QVERIFY(created.ok());

    const HttpResult delta = request("GET",
        u"/api/orders?since=%1&epoch=%2"_s.arg(since.seq).arg(since.epoch), u"demo-manager"_s);
    QCOMPARE(delta.status, 200);
    QVERIFY(delta.json.isObject());
    const QJsonObject body = delta.json.object();
    QCOMPARE(body.value("position"_L1).toObject().value("seq"_L1).toInteger(), since.seq + 2);
    QCOMPARE(body.value("position"_L1).toObject().value("epoch"_L1).toString(), since.epoch);
    QCOMPARE(body.value("changed"_L1).toArray().size(), 2);
    QCOMPARE(body.value("changed"_L1).toArray().at(0).toObject().value("id"_L1).toString(), a.id);
    QCOMPARE(body.value("deleted"_L1).toArray().size(), 0);

    // With a filter, a row that left it is listed as deleted.
    const HttpResult filtered =
        request("GET", u"/api/orders?status=new&since=%1"_s.arg(since.seq), u"demo-manager"_s);
    QCOMPARE(filtered.json.object().value("deleted"_L1).toArray(), QJsonArray { a.id });
    QCOMPARE(filtered.json.object().value("changed"_L1).toArray().size(), 1);

    // No delta possible: another epoch, a position ahead, or events no longer retained.
    const HttpResult otherEpoch =
        request("GET", u"/api/orders?since=1&epoch=0badc0de"_s, u"demo-manager"_s);
    QVERIFY(otherEpoch.json.isArray());
    QCOMPARE(otherEpoch.json.array().size(), 41);
    QVERIFY(request("GET", u"/api/orders?since=999"_s, u"demo-manager"_s).json.isArray());
    QVERIFY(store.log().trim(1) > 0);
    QVERIFY(request("GET", u"/api/orders?since=0"_s, u"demo-manager"_s).json.isArray());
    QVERIFY(
        request("GET", u"/api/orders?since=%1"_s.arg(store.log().head().seq - 1), u"demo-manager"_s)
            .json.isObject());
}

void tst_OpsServer::patchAssignsDriver()
{
    Store &store = m_server->store();
    QVERIFY(Demo::seedDrivers(store, 8, 11).ok());
    auto client = readyClient();
    client->send(u"{\"op\":\"subscribe\",\"channels\":[\"orders\"]}"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    const Order order = firstNewOrder({ u"north"_s, u"east"_s }); // the dispatcher's regions
    QVERIFY(!order.id.isEmpty());
    const QString path = u"/api/orders/%1"_s.arg(order.id);

    // Status and driver together.
    HttpResult r = request("PATCH", path, u"demo-dispatcher"_s,
        R"({"status":"assigned","driverId":"DRV-003"})", { { "If-Match", "\"1\"" } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(r.json.object().value("driverId"_L1).toString(), u"DRV-003"_s);
    QCOMPARE(r.json.object().value("version"_L1).toInteger(), 2);
    QCOMPARE(r.headers.value("etag"), "\"2\""_ba);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->frames.at(2).value("type"_L1).toString(), u"order.updated"_s);
    QCOMPARE(client->frames.at(2).value("fields"_L1).toObject(),
        (QJsonObject { { "driverId"_L1, u"DRV-003"_s }, { "status"_L1, u"assigned"_s },
            { "updatedAt"_L1, r.json.object().value("updatedAt"_L1) } }));

    // The driver alone; a stale If-Match conflicts with the current row.
    const HttpResult stale = request(
        "PATCH", path, u"demo-dispatcher"_s, R"({"driverId":"DRV-005"})", { { "If-Match", "1" } });
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.json.object().value("current"_L1).toObject().value("driverId"_L1).toString(),
        u"DRV-003"_s);
    r = request(
        "PATCH", path, u"demo-dispatcher"_s, R"({"driverId":"DRV-005"})", { { "If-Match", "2" } });
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json.object().value("driverId"_L1).toString(), u"DRV-005"_s);
    QCOMPARE(r.json.object().value("status"_L1).toString(), u"assigned"_s);
    QTRY_COMPARE(client->frames.size(), 4);
    QCOMPARE(client->frames.at(3).value("fields"_L1).toObject(),
        (QJsonObject { { "driverId"_L1, u"DRV-005"_s },
            { "updatedAt"_L1, r.json.object().value("updatedAt"_L1) } }));

    // An unknown driver names the field and changes nothing.
    const qint64 head = store.log().head().seq;
    r = request("PATCH", path, u"demo-dispatcher"_s, R"({"driverId":"DRV-404"})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.json.object().value("message"_L1).toString().contains(u"'driverId'"_s),
        qPrintable(r.json.object().value("message"_L1).toString()));
    QCOMPARE(store.log().head().seq, head);

    // null unassigns.
    r = request("PATCH", path, u"demo-dispatcher"_s, R"({"driverId":null})");
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.object().value("driverId"_L1).isNull());
    QVERIFY(store.orders().get(order.id)->driverId.isEmpty());
    QTRY_COMPARE(client->frames.size(), 5);
    QCOMPARE(client->frames.at(4).value("fields"_L1).toObject(),
        (QJsonObject { { "driverId"_L1, QJsonValue(QJsonValue::Null) },
            { "updatedAt"_L1, r.json.object().value("updatedAt"_L1) } }));

    // The history says who changed the driver from what to what.
    const HttpResult history =
        request("GET", u"/api/orders/%1/history"_s.arg(order.id), u"demo-manager"_s);
    QCOMPARE(history.status, 200);
    QStringList trail;
    for (const QJsonValue &entry : history.json.array()) {
        const QJsonObject e = entry.toObject();
        trail.append(
            u"%1 %2:%3>%4"_s.arg(e.value("actor"_L1).toString(), e.value("field"_L1).toString(),
                e.value("from"_L1).toString(), e.value("to"_L1).toString()));
    }
    QCOMPARE(trail,
        (QStringList { u"demo created:>new"_s, u"dispatcher status:new>assigned"_s,
            u"dispatcher driver:>DRV-003"_s, u"dispatcher driver:DRV-003>DRV-005"_s,
            u"dispatcher driver:DRV-005>"_s }));

    // A final order keeps its driver.
    QVERIFY(
        OrderService(store).setStatus(order.id, OrderStatus::Cancelled, std::nullopt, u"t"_s).ok());
    r = request("PATCH", path, u"demo-dispatcher"_s, R"({"driverId":"DRV-001"})");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.object().value("error"_L1).toString(), u"bad_request"_s);
    QVERIFY(store.orders().get(order.id)->driverId.isEmpty());
    // Unknown fields are still rejected.
    r = request("PATCH", path, u"demo-dispatcher"_s, R"({"driverId":"DRV-001","region":"west"})");
    QCOMPARE(r.status, 400);
    QVERIFY(r.json.object().value("message"_L1).toString().contains(u"unknown field 'region'"_s));
}

void tst_OpsServer::listFiltersByDriver()
{
    Store &store = m_server->store();
    QVERIFY(Demo::seedDrivers(store, 8, 11).ok());
    {
        // The demo seed gave the orders past "new" drivers; this test wants only its own.
        QSqlQuery q(QSqlDatabase::database(store.connectionName()));
        QVERIFY(q.exec(u"UPDATE orders SET driver_id = NULL"_s));
    }
    QList<Order> fresh;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New)
            fresh.append(o);
    }
    QVERIFY(fresh.size() >= 3);
    const auto assign = [&store](const QString &id, const QString &driver) {
        return OrderService(store)
            .change(id, { OrderStatus::Assigned, driver }, std::nullopt, u"t"_s)
            .ok();
    };
    QVERIFY(assign(fresh.at(0).id, u"DRV-001"_s));
    QVERIFY(assign(fresh.at(1).id, u"DRV-002"_s));
    const StreamPosition since = store.log().head();

    const auto ids = [](const QJsonArray &orders) {
        QStringList list;
        for (const QJsonValue &o : orders)
            list.append(o.toObject().value("id"_L1).toString());
        return list;
    };
    HttpResult r = request("GET", u"/api/orders?driver=DRV-001"_s, u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(ids(r.json.array()), QStringList { fresh.at(0).id });
    QCOMPARE(r.headers.value("opsboard-total-count"), "1"_ba);
    r = request("GET", u"/api/orders?driver=DRV-002,DRV-001"_s, u"demo-manager"_s);
    QCOMPARE(ids(r.json.array()), (QStringList { fresh.at(0).id, fresh.at(1).id }));
    r = request("GET", u"/api/orders?sort=driverId&order=desc&limit=2"_s, u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(ids(r.json.array()), (QStringList { fresh.at(1).id, fresh.at(0).id }));

    // Delta: an order whose driver no longer matches leaves the list, one that now matches
    // joins it.
    QVERIFY(OrderService(store)
                .change(fresh.at(0).id, { std::nullopt, u"DRV-002"_s }, std::nullopt, u"t"_s)
                .ok());
    QVERIFY(assign(fresh.at(2).id, u"DRV-001"_s));
    r = request("GET",
        u"/api/orders?driver=DRV-001&since=%1&epoch=%2"_s.arg(since.seq).arg(since.epoch),
        u"demo-manager"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.json.isObject());
    QCOMPARE(ids(r.json.object().value("changed"_L1).toArray()), QStringList { fresh.at(2).id });
    QCOMPARE(r.json.object().value("deleted"_L1).toArray(), QJsonArray { fresh.at(0).id });
    // A region filter keeps working beside it.
    r = request("GET", u"/api/orders?driver=DRV-001&region=nowhere"_s, u"demo-manager"_s);
    QCOMPARE(r.json.array().size(), 0);
}

void tst_OpsServer::historyAndBulkStatus()
{
    QList<Order> fresh;
    for (const Order &o : m_server->store().orders().list().orders) {
        if (o.status == OrderStatus::New)
            fresh.append(o);
    }
    QVERIFY(fresh.size() >= 2);
    const QByteArray body = u"{\"ids\":[\"%1\",\"%2\",\"ORD-99999\"],\"status\":\"assigned\"}"_s
                                .arg(fresh.at(0).id, fresh.at(1).id)
                                .toUtf8();
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s, body);
    QCOMPARE(bulk.status, 200);
    const QJsonArray results = bulk.json.object().value("results"_L1).toArray();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results.at(0).toObject().value("ok"_L1).toBool(), true);
    QCOMPARE(
        results.at(0).toObject().value("order"_L1).toObject().value("version"_L1).toInteger(), 2);
    QCOMPARE(results.at(1).toObject().value("ok"_L1).toBool(), true);
    QCOMPARE(results.at(2).toObject().value("ok"_L1).toBool(), false);
    QCOMPARE(results.at(2).toObject().value("error"_L1).toString(), u"not_found"_s);
    // Again: both now fail the lifecycle, one by one.
    const HttpResult again = request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s, body);
    QCOMPARE(again.json.object()
                 .value("results"_L1)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value("error"_L1)
                 .toString(),
        u"bad_request"_s);
    QCOMPARE(m_server->store().log().head().seq, 2);
    QCOMPARE(request("POST", u"/api/orders/bulk-status"_s, u"demo-viewer"_s, body).status, 403);

    const HttpResult history =
        request("GET", u"/api/orders/%1/history"_s.arg(fresh.at(0).id), u"demo-viewer"_s);
    QCOMPARE(history.status, 200);
    // The seeded creation (no event: seq 0), then the change.
    QCOMPARE(history.json.array().size(), 2);
    QCOMPARE(history.json.array().at(0).toObject().value("field"_L1).toString(), u"created"_s);
    QCOMPARE(history.json.array().at(0).toObject().value("seq"_L1).toInteger(), 0);
    const QJsonObject entry = history.json.array().at(1).toObject();
    QCOMPARE(entry.value("actor"_L1).toString(), u"manager"_s);
    QCOMPARE(entry.value("from"_L1).toString(), u"new"_s);
    QCOMPARE(entry.value("to"_L1).toString(), u"assigned"_s);
    QCOMPARE(entry.value("seq"_L1).toInteger(), 1);
    QCOMPARE(request("GET", u"/api/orders/ORD-99999/history"_s, u"demo-viewer"_s).status, 404);
}

void tst_OpsServer::driversPaymentsAlertsKpis()
{
    Store &store = m_server->store();
    QVERIFY(Demo::seedDrivers(store, 8, 3).ok());
    const HttpResult drivers = request("GET", u"/api/drivers"_s, u"demo-viewer"_s);
    QCOMPARE(drivers.status, 200);
    QCOMPARE(drivers.json.array().size(), 8);
    QString error;
    QVERIFY2(Driver::fromJson(drivers.json.array().at(0).toObject(), &error), qPrintable(error));
    const HttpResult mine = request("GET", u"/api/drivers"_s, u"demo-dispatcher"_s);
    QCOMPARE(mine.json.array().size(), 4); // north and east
    QCOMPARE(request("GET", u"/api/drivers/DRV-001"_s, u"demo-manager"_s).status, 200);
    QCOMPARE(request("GET", u"/api/drivers/DRV-999"_s, u"demo-manager"_s).status, 404);
    QCOMPARE(request("GET", u"/api/drivers?status=flying"_s, u"demo-manager"_s).status, 400);

    QVERIFY(store.payments().create(u"ORD-00001"_s, u"card"_s, u"captured"_s, u"t"_s).ok());
    const HttpResult payments = request("GET", u"/api/payments"_s, u"demo-manager"_s);
    QCOMPARE(payments.status, 200);
    QCOMPARE(payments.json.array().size(), 1);
    QVERIFY2(Payment::fromJson(payments.json.array().at(0).toObject(), &error), qPrintable(error));
    QCOMPARE(request("GET", u"/api/payments"_s, u"demo-dispatcher"_s).status, 403);
    QCOMPARE(request("GET", u"/api/alerts"_s, u"demo-viewer"_s).status, 403);
    QCOMPARE(request("GET", u"/api/alerts"_s, u"demo-dispatcher"_s).status, 200);

    const HttpResult kpis = request("GET", u"/api/kpis"_s, u"demo-viewer"_s);
    QCOMPARE(kpis.status, 200);
    const auto parsed = Kpis::fromJson(kpis.json.object(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QVERIFY(parsed->openOrders > 0);
    QVERIFY(kpis.headers.contains("opsboard-position"));
    QCOMPARE(request("GET", u"/api/kpis?x=1"_s, u"demo-viewer"_s).status, 400);
}

void tst_OpsServer::alertActionsUseIfMatch()
{
    Store &store = m_server->store();
    Alert draft;
    draft.kind = u"late_order"_s;
    draft.severity = u"warning"_s;
    draft.subjectId = u"ORD-00001"_s;
    draft.region = u"south"_s;
    const auto raised = store.alerts().raise(draft, u"t"_s);
    QVERIFY(raised.ok());
    const QString path = u"/api/alerts/%1/acknowledge"_s.arg(raised.item->id);
    QCOMPARE(request("POST", path, u"demo-viewer"_s).status, 403);
    QCOMPARE(request("POST", path, u"demo-dispatcher"_s).status, 403); // south is not theirs
    const HttpResult stale =
        request("POST", path, u"demo-manager"_s, {}, { { "If-Match", "\"7\"" } });
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.json.object().value("current"_L1).toObject().value("status"_L1).toString(),
        u"open"_s);
    const HttpResult ok = request("POST", path, u"demo-manager"_s, {}, { { "If-Match", "\"1\"" } });
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json.object().value("status"_L1).toString(), u"acknowledged"_s);
    QCOMPARE(ok.headers.value("etag"), "\"2\""_ba);
    QCOMPARE(request("POST", path, u"demo-manager"_s).status, 400); // already acknowledged
    QCOMPARE(
        request("POST", u"/api/alerts/%1/resolve"_s.arg(raised.item->id), u"demo-manager"_s, "{}")
            .status,
        200);
    QCOMPARE(
        request("POST", u"/api/alerts/%1/explode"_s.arg(raised.item->id), u"demo-manager"_s).status,
        404);
    QCOMPARE(request("POST", u"/api/alerts/ALT-99999/resolve"_s, u"demo-manager"_s).status, 404);
}

void tst_OpsServer::snoozeHidesAlertUntilThen_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("no body") << QByteArray() << 400;
    QTest::newRow("empty") << "{}"_ba << 400;
    QTest::newRow("zero") << R"({"minutes":0})"_ba << 400;
    QTest::newRow("too long") << R"({"minutes":1441})"_ba << 400;
    QTest::newRow("fraction") << R"({"minutes":1.5})"_ba << 400;
    QTest::newRow("text") << R"({"minutes":"30"})"_ba << 400;
    QTest::newRow("extra field") << R"({"minutes":30,"x":1})"_ba << 400;
    QTest::newRow("one minute") << R"({"minutes":1})"_ba << 200;
    QTest::newRow("one day") << R"({"minutes":1440})"_ba << 200;
}

void tst_OpsServer::snoozeHidesAlertUntilThen()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    Store &store = m_server->store();
    Alert draft;
    draft.kind = u"late_order"_s;
    draft.severity = u"warning"_s;
    // One database per test function: a subject per data row, so each raises its own alert.
    draft.subjectId = u"ORD-"_s + QString::fromLatin1(QTest::currentDataTag());
    draft.region = u"north"_s;
    const auto raised = store.alerts().raise(draft, u"t"_s);
    QVERIFY(raised.ok());
    const QString id = raised.item->id;
    const qint64 headBefore = store.log().head().seq;
    const QString path = u"/api/alerts/%1/snooze"_s.arg(id);
    QCOMPARE(request("POST", path, u"demo-viewer"_s, R"({"minutes":5})"_ba).status, 403);

    const HttpResult answer = request("POST", path, u"demo-dispatcher"_s, body);
    QCOMPARE(answer.status, status);
    const auto listed = [this](const QString &query) {
        QStringList ids;
        const HttpResult list = request("GET", u"/api/alerts"_s + query, u"demo-dispatcher"_s);
        for (const QJsonValue &a : list.json.array())
            ids.append(a.toObject().value("id"_L1).toString());
        return ids;
    };
    if (status != 200) {
        // Refused: nothing changed, no event, still listed.
        QCOMPARE(store.log().head().seq, headBefore);
        QCOMPARE(store.alerts().get(id)->version, 1);
        QVERIFY(!store.alerts().get(id)->snoozedUntil.isValid());
        QVERIFY(listed({}).contains(id));
        return;
    }
    const QJsonObject alert = answer.json.object();
    QCOMPARE(alert.value("status"_L1).toString(), u"open"_s);
    QCOMPARE(alert.value("version"_L1).toInteger(), 2);
    QCOMPARE(answer.headers.value("etag"), "\"2\""_ba);
    const QDateTime until =
        QDateTime::fromString(alert.value("snoozedUntil"_L1).toString(), Qt::ISODateWithMs);
    const int minutes = QJsonDocument::fromJson(body).object().value("minutes"_L1).toInt();
    QVERIFY(until.isValid());
    QVERIFY(qAbs(QDateTime::currentDateTimeUtc().secsTo(until) - minutes * 60) < 30);
    // One alert.updated event, like the other actions.
    QCOMPARE(store.log().head().seq, headBefore + 1);
    const QList<ChangeEvent> events = store.log().eventsAfter(headBefore, 10);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().type, u"alert.updated"_s);
    QCOMPARE(events.first().id, id);
    // Hidden from the default list, shown on request; the store keeps it.
    QVERIFY(!listed({}).contains(id));
    QVERIFY(!listed(u"?status=open"_s).contains(id));
    QVERIFY(listed(u"?snoozed=include"_s).contains(id));
    QCOMPARE(request("GET", u"/api/alerts?snoozed=maybe"_s, u"demo-dispatcher"_s).status, 400);
    // When the snooze ends it is listed again.
    const auto awake = store.alerts().list({}, {}, until.addSecs(1)).items;
    QVERIFY(std::any_of(awake.begin(), awake.end(), [&id](const Alert &a) { return a.id == id; }));
    // Stale If-Match is a conflict; a resolved alert cannot be snoozed.
    QCOMPARE(request("POST", path, u"demo-dispatcher"_s, R"({"minutes":5})"_ba,
                 { { "If-Match", "\"1\"" } })
                 .status,
        409);
    QCOMPARE(
        request("POST", u"/api/alerts/%1/resolve"_s.arg(id), u"demo-dispatcher"_s).status, 200);
    QCOMPARE(request("POST", path, u"demo-dispatcher"_s, R"({"minutes":5})"_ba).status, 400);
}

void tst_OpsServer::kpiTimelineCountsPerBucket()
{
    Store &store = m_server->store();
    const Order order = firstNewOrder({ u"north"_s });
    QVERIFY(!order.id.isEmpty());
    const HttpResult before =
        request("GET", u"/api/kpis/timeline?interval=15m"_s, u"demo-manager"_s);
    QCOMPARE(before.status, 200);
    const QJsonArray rows = before.json.array();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime midnight(now.date(), QTime(0, 0), Qt::UTC);
    // One row per bucket up to the current one (the clock may have crossed a boundary since).
    const qint64 expected = midnight.secsTo(now) / 900 + 1;
    QVERIFY(rows.size() == expected || rows.size() == expected - 1);
    QCOMPARE(
        rows.first().toObject().value("start"_L1).toString(), midnight.toString(Qt::ISODateWithMs));
    const auto total = [](const QJsonArray &a, QLatin1StringView field) {
        qint64 n = 0;
        for (const QJsonValue &v : a)
            n += v.toObject().value(field).toInteger();
        return n;
    };
    const qint64 deliveredBefore = total(rows, "delivered"_L1);
    for (OrderStatus to : { OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
             OrderStatus::Delivered })
        QVERIFY(OrderService(store).setStatus(order.id, to, std::nullopt, u"t"_s).ok());
    const HttpResult after = request("GET", u"/api/kpis/timeline"_s, u"demo-manager"_s);
    QCOMPARE(after.status, 200);
    QCOMPARE(total(after.json.array(), "delivered"_L1), deliveredBefore + 1);
    // The delivery lands in the last (current) bucket.
    QCOMPARE(after.json.array().last().toObject().value("delivered"_L1).toInteger(),
        rows.last().toObject().value("delivered"_L1).toInteger() + 1);
    // Over the caller's regions: the north delivery counts for the dispatcher (north, east).
    const HttpResult mine = request("GET", u"/api/kpis/timeline"_s, u"demo-dispatcher"_s);
    QCOMPARE(mine.status, 200);
    QVERIFY(total(mine.json.array(), "delivered"_L1) >= 1);
    QCOMPARE(request("GET", u"/api/kpis/timeline?interval=7m"_s, u"demo-manager"_s).status, 400);
    QCOMPARE(request("GET", u"/api/kpis/timeline?interval=1d"_s, u"demo-manager"_s).status, 400);
    QCOMPARE(request("GET", u"/api/kpis/timeline?interval=1h"_s, u"demo-manager"_s).status, 200);
    QCOMPARE(request("GET", u"/api/kpis/timeline?x=1"_s, u"demo-manager"_s).status, 400);
    QCOMPARE(request("GET", u"/api/kpis/timeline"_s, u"nobody"_s).status, 401);
}

void tst_OpsServer::recentEventsNewestFirstWithinPermissions()
{
    Store &store = m_server->store();
    const Order north = firstNewOrder({ u"north"_s });
    const Order south = firstNewOrder({ u"south"_s });
    QVERIFY(!north.id.isEmpty() && !south.id.isEmpty());
    QVERIFY(OrderService(store)
                .setStatus(north.id, OrderStatus::Assigned, std::nullopt, u"ann"_s)
                .ok());
    QVERIFY(OrderService(store)
                .setStatus(south.id, OrderStatus::Assigned, std::nullopt, u"bob"_s)
                .ok());
    QVERIFY(store.payments().create(north.id, u"card"_s, u"captured"_s, u"t"_s).ok());
    Alert draft;
    draft.kind = u"late_order"_s;
    draft.severity = u"critical"_s;
    draft.subjectId = north.id;
    draft.region = u"north"_s;
    draft.message = u"late"_s;
    QVERIFY(store.alerts().raise(draft, u"t"_s).ok());

    const HttpResult all = request("GET", u"/api/events?limit=10"_s, u"demo-manager"_s);
    QCOMPARE(all.status, 200);
    QVERIFY(all.headers.contains("opsboard-position"));
    const QJsonArray events = all.json.array();
    QCOMPARE(events.size(), 4);
    // Newest first, each explained.
    QCOMPARE(events.at(0).toObject().value("type"_L1).toString(), u"alert.raised"_s);
    QCOMPARE(events.at(0).toObject().value("message"_L1).toString(), u"late"_s);
    QCOMPARE(events.at(1).toObject().value("type"_L1).toString(), u"payment.created"_s);
    QCOMPARE(events.at(1).toObject().value("orderId"_L1).toString(), north.id);
    const QJsonObject southEvent = events.at(2).toObject();
    QCOMPARE(southEvent.value("id"_L1).toString(), south.id);
    QCOMPARE(southEvent.value("actor"_L1).toString(), u"bob"_s);
    QCOMPARE(southEvent.value("to"_L1).toString(), u"assigned"_s);
    QVERIFY(events.at(0).toObject().value("seq"_L1).toInteger()
        > events.at(3).toObject().value("seq"_L1).toInteger());

    // Dispatcher (north, east; no payments): the south order and the payment are left out.
    const HttpResult mine = request("GET", u"/api/events"_s, u"demo-dispatcher"_s);
    QCOMPARE(mine.status, 200);
    QStringList types;
    for (const QJsonValue &e : mine.json.array())
        types.append(e.toObject().value("type"_L1).toString());
    QCOMPARE(types, (QStringList { u"alert.raised"_s, u"order.updated"_s }));
    // Viewer: orders only.
    const HttpResult viewer = request("GET", u"/api/events"_s, u"demo-viewer"_s);
    QCOMPARE(viewer.json.array().size(), 2);
    QCOMPARE(request("GET", u"/api/events?entity=payment"_s, u"demo-viewer"_s).status, 403);
    QCOMPARE(request("GET", u"/api/events?limit=0"_s, u"demo-viewer"_s).status, 400);
    QCOMPARE(request("GET", u"/api/events?limit=2"_s, u"demo-manager"_s).json.array().size(), 2);
    QCOMPARE(request("GET", u"/api/events?entity=ship"_s, u"demo-manager"_s).status, 400);
    // A list ETag: 304 until the next event.
    const QByteArray etag = all.headers.value("etag");
    QVERIFY(!etag.isEmpty());
    QCOMPARE(request("GET", u"/api/events?limit=10"_s, u"demo-manager"_s, {},
                 { { "If-None-Match", etag } })
                 .status,
        304);
}

void tst_OpsServer::eventsFilteredByChannelAndRegion()
{
    Store &store = m_server->store();
    QVERIFY(Demo::seedDrivers(store, 8, 3).ok());
    auto dispatcher = readyClient(u"demo-dispatcher"_s);
    dispatcher->send(uR"({"op":"subscribe","channels":["orders","drivers"]})"_s);
    QTRY_COMPARE(dispatcher->frames.size(), 2);
    auto manager = readyClient(u"demo-manager"_s);
    manager->send(uR"({"op":"subscribe","channels":["payments"]})"_s);
    QTRY_COMPARE(manager->frames.size(), 2);
    QCOMPARE(manager->frames.at(1).value("channels"_L1).toArray(), QJsonArray { u"payments"_s });

    const auto south =
        OrderService(store).create(Order { {}, u"C"_s, u"south"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, QDateTime::currentDateTimeUtc(), {}, 0 },
            u"t"_s);
    const auto north =
        OrderService(store).create(Order { {}, u"C"_s, u"north"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, QDateTime::currentDateTimeUtc(), {}, 0 },
            u"t"_s);
    Driver driver = *store.drivers().get(u"DRV-001"_s); // north
    driver.lat += 0.001;
    QVERIFY(store.drivers().updateLive(driver, u"t"_s).ok());
    QVERIFY(store.payments().create(north.item->id, u"cash"_s, u"captured"_s, u"t"_s).ok());

    QTRY_COMPARE(dispatcher->frames.size(), 4);
    QCOMPARE(dispatcher->frames.at(2).value("id"_L1).toString(), north.item->id);
    // Every event names its region.
    QCOMPARE(dispatcher->frames.at(2).value("region"_L1).toString(), u"north"_s);
    QCOMPARE(dispatcher->frames.at(3).value("region"_L1).toString(), u"north"_s);
    QCOMPARE(dispatcher->frames.at(3).value("type"_L1).toString(), u"driver.updated"_s);
    QCOMPARE(dispatcher->frames.at(3).value("fields"_L1).toObject().value("lat"_L1).toDouble(),
        driver.lat);
    QTRY_COMPARE(manager->frames.size(), 3);
    QCOMPARE(manager->frames.at(2).value("type"_L1).toString(), u"payment.created"_s);

    // Replay applies the same filter: the south order never reaches the dispatcher.
    auto resumed = readyClient(u"demo-dispatcher"_s);
    resumed->send(
        uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":0}})"_s.arg(
            store.epoch()));
    QTRY_COMPARE(resumed->frames.size(), 3);
    QCOMPARE(resumed->ops(), (QStringList { u"ready"_s, u"event"_s, u"subscribed"_s }));
    QCOMPARE(resumed->frames.at(1).value("id"_L1).toString(), north.item->id);
    QCOMPARE(resumed->frames.at(1).value("region"_L1).toString(), u"north"_s);
    QCOMPARE(resumed->frames.at(2).value("position"_L1).toObject().value("seq"_L1).toInteger(),
        store.log().head().seq);
    QVERIFY(south.ok());
}

void tst_OpsServer::maxChannelsPerConnection()
{
    m_server->hub().setMaxChannels(2);
    auto client = readyClient(u"demo-manager"_s);
    client->send(uR"({"op":"subscribe","channels":["orders","drivers"]})"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    client->send(uR"({"op":"subscribe","channels":["alerts"]})"_s);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->frames.at(2).value("error"_L1).toString(), u"too_many_channels"_s);
    client->send(uR"({"op":"unsubscribe","channels":["drivers"]})"_s);
    client->send(uR"({"op":"subscribe","channels":["alerts"]})"_s);
    QTRY_COMPARE(client->frames.size(), 4);
    QCOMPARE(client->frames.at(3).value("channels"_L1).toArray(),
        (QJsonArray { u"alerts"_s, u"orders"_s }));
    QVERIFY(!client->disconnected);
}

void tst_OpsServer::connectionRateLimitSaysRetryAfter()
{
    m_server->hub().setConnectionRateLimit(3, 30s);
    std::vector<std::unique_ptr<FrameClient>> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(readyClient(u"demo-viewer"_s));
    for (const auto &c : clients)
        QCOMPARE(c->ops(), QStringList { u"ready"_s });
    auto storm = connectWs();
    QTRY_VERIFY_WITH_TIMEOUT(storm->disconnected, 5000);
    QCOMPARE(storm->closeCode(), int(Wire::CloseCode::RateLimited));
    const QString reason = storm->socket.closeReason();
    QVERIFY2(reason.startsWith(u"retry_after="_s), qPrintable(reason));
    const int seconds = reason.mid(12).toInt();
    QVERIFY(seconds >= 1 && seconds <= 30);
    for (const auto &c : clients)
        QVERIFY(!c->disconnected);
}

void tst_OpsServer::revokedTokenGetsNothing()
{
    auto client = readyClient(u"demo-dispatcher"_s);
    QCOMPARE(client->ops(), QStringList { u"ready"_s });
    const StreamPosition seen = m_server->store().log().head();
    QVERIFY(m_server->orders()
                .setStatus(firstNewOrder({ u"north"_s, u"east"_s }).id, OrderStatus::Assigned,
                    std::nullopt, u"t"_s)
                .ok());
    // The dispatcher's token is revoked while the session exists, before it resumes.
    Auth reduced;
    reduced.addUser(
        User { u"manager"_s, User::Role::Manager, {} }, Auth::hashToken(u"demo-manager"));
    m_server->setAuth(reduced);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), int(Wire::CloseCode::Unauthorized));
    QCOMPARE(client->ops(), QStringList { u"ready"_s });
    // Reconnecting with it to resume gets nothing either.
    auto again = readyClient(u"demo-dispatcher"_s);
    again->send(uR"({"op":"subscribe","channels":["orders"],"since":{"epoch":"%1","seq":%2}})"_s
                    .arg(seen.epoch)
                    .arg(seen.seq));
    QTRY_VERIFY_WITH_TIMEOUT(again->disconnected, 5000);
    QCOMPARE(again->closeCode(), int(Wire::CloseCode::Unauthorized));
    QVERIFY(again->frames.isEmpty());
    QCOMPARE(request("GET", u"/api/orders"_s, u"demo-dispatcher"_s).status, 401);
}

void tst_OpsServer::alertEngineRaisesAndResolves()
{
    Store &store = m_server->store();
    QVERIFY(Demo::seedDrivers(store, 4, 1).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto overdue =
        OrderService(store).create(Order { {}, u"C"_s, u"north"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, now.addSecs(-600), {}, 0 },
            u"t"_s);
    const auto late =
        OrderService(store).create(Order { {}, u"C"_s, u"east"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, now.addSecs(300), {}, 0 },
            u"t"_s);
    QVERIFY(overdue.ok() && late.ok());
    AlertEngine engine(store);
    // Far in the future, every seeded order is overdue too; judge at "now" plus a little.
    engine.scan(now.addSecs(1));
    const auto alerts = store.alerts().list({}, { u"open"_s }).items;
    const auto find = [&alerts](const QString &kind, const QString &subject) {
        for (const Alert &a : alerts) {
            if (a.kind == kind && a.subjectId == subject)
                return true;
        }
        return false;
    };
    QVERIFY(find(u"overdue_order"_s, overdue.item->id));
    QVERIFY(find(u"late_order"_s, late.item->id));
    // Drivers last seen "now" become unresponsive ten minutes later.
    engine.scan(now.addSecs(1));
    const qint64 afterSecond = store.log().head().seq;
    QCOMPARE(engine.scan(now.addSecs(1)), 0); // idempotent: nothing new to raise
    QCOMPARE(store.log().head().seq, afterSecond);
    // A snoozed alert whose time has come is woken by the engine, with an event every client
    // hears (its inbox refetches and shows it again); before then, nothing happens.
    {
        QString id;
        for (const Alert &a : store.alerts().list({}, { u"open"_s }).items) {
            if (a.kind == "overdue_order"_L1 && a.subjectId == overdue.item->id)
                id = a.id;
        }
        QVERIFY(!id.isEmpty());
        const QDateTime until = now.addSecs(120);
        QVERIFY(AlertService(store).snooze(id, until, std::nullopt, u"t"_s).ok());
        const qint64 version = store.alerts().get(id)->version;
        const qint64 beforeWake = store.log().head().seq;
        engine.scan(now.addSecs(60));
        QCOMPARE(store.alerts().get(id)->version, version);
        QVERIFY(store.alerts().get(id)->snoozedUntil.isValid());
        engine.scan(until.addSecs(1));
        QVERIFY(!store.alerts().get(id)->snoozedUntil.isValid());
        QCOMPARE(store.alerts().get(id)->status, u"open"_s);
        QCOMPARE(store.alerts().get(id)->version, version + 1);
        const QList<ChangeEvent> woke = store.log().eventsAfter(beforeWake, 1000);
        QVERIFY(std::any_of(woke.begin(), woke.end(), [&](const ChangeEvent &e) {
            return e.id == id && e.type == "alert.updated"_L1 && e.version == version + 1;
        }));
        const auto awake = store.alerts().list({}, {}, QDateTime::currentDateTimeUtc()).items;
        QVERIFY(
            std::any_of(awake.begin(), awake.end(), [&id](const Alert &a) { return a.id == id; }));
        // Waking an alert that is not snoozed is refused and changes nothing.
        QCOMPARE(AlertService(store).snooze(id, {}, std::nullopt, u"t"_s).error.kind,
            ErrorKind::BadRequest);
        QCOMPARE(store.alerts().get(id)->version, version + 1);
    }
    QVERIFY(OrderService(store)
                .setStatus(overdue.item->id, OrderStatus::Cancelled, std::nullopt, u"t"_s)
                .ok());
    QVERIFY(engine.scan(now.addSecs(1)) >= 1);
    for (const Alert &a : store.alerts().list({}, { u"open"_s }).items)
        QVERIFY(a.subjectId != overdue.item->id);
    engine.scan(now.addSecs(600));
    bool unresponsive = false;
    for (const Alert &a : store.alerts().list({}, { u"open"_s }).items)
        unresponsive = unresponsive || a.kind == "unresponsive_driver"_L1;
    QVERIFY(unresponsive);
}

void tst_OpsServer::simulatorIsDeterministicPerSeed()
{
    const auto run = [this](const QString &name, quint32 seed) {
        Store store;
        [&] { QVERIFY(store.open(m_dir.filePath(name)).ok()); }();
        // The day is built around the simulator's start (seeded on the wall clock, two runs a
        // second apart would differ).
        const QDateTime start(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);
        [&] { QVERIFY(Demo::seedOrders(store, 30, 5, start).ok()); }();
        [&] { QVERIFY(Demo::seedDrivers(store, 8, 5, start).ok()); }();
        Simulator sim(store, seed);
        // Orders move on the simulator's clock: 150 ticks of 40 s are 100 minutes of a day.
        sim.setStartTime(start);
        sim.setInterval(40s);
        for (int i = 0; i < 150; ++i)
            sim.tick();
        QStringList trace;
        for (const ChangeEvent &e : store.log().eventsAfter(0, 100000))
            trace.append(u"%1 %2 v%3"_s.arg(e.type, e.id).arg(e.version));
        return trace;
    };
    const QStringList a = run(u"sim-a.sqlite"_s, 42);
    const QStringList b = run(u"sim-b.sqlite"_s, 42);
    const QStringList c = run(u"sim-c.sqlite"_s, 43);
    QVERIFY(a.size() > 150);
    QCOMPARE(a, b);
    QVERIFY(a != c);
    const QString all = a.join(u'\n');
    for (const QString &kind :
        { u"order.created"_s, u"order.updated"_s, u"driver.updated"_s, u"payment.created"_s })
        QVERIFY2(all.contains(kind), qPrintable(kind));
}

void tst_OpsServer::shutdownClosesSessionsInBatches()
{
    std::vector<std::unique_ptr<FrameClient>> clients;
    for (int i = 0; i < 25; ++i) {
        clients.push_back(readyClient());
        QVERIFY(!clients.back()->disconnected);
    }
    QTRY_COMPARE(m_server->hub().sessionCount(), 25);
    const auto goingAway = quint16(Wire::CloseCode::GoingAway);
    // Ten per worker turn: every session is closed, over several turns of each worker.
    m_server->hub().closeAllInBatches(Wire::CloseCode::GoingAway, u"bye"_s, 10);
    QTRY_COMPARE(m_server->hub().stats().closesByCode.value(goingAway), 25);
    for (const auto &client : clients) {
        QTRY_VERIFY(client->disconnected);
        QCOMPARE(client->closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));
    }
    QTRY_COMPARE(m_server->hub().sessionCount(), 0);
    // A socket that arrives during the shutdown goes the same way.
    auto late = connectWs();
    QTRY_VERIFY(late->disconnected);
    QCOMPARE(late->closeCode(), int(QWebSocketProtocol::CloseCodeGoingAway));
}

QTEST_GUILESS_MAIN(tst_OpsServer)
#include "tst_opsserver.moc"
