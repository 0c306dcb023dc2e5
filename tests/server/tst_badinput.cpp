// Bad input against the real opsboard-server process: every rejected input gets a clear error,
// the database is unchanged, and another connected client keeps receiving events.

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include "exposition.h"
#include "frameclient.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;

namespace {

//! What "the database" looks like from outside: every list and the log position.
struct Snapshot
{
    QByteArray orders;
    QByteArray drivers;
    QByteArray alerts;
    QByteArray payments;
    QByteArray position;
};

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT

private:
    HttpResult request(const QByteArray &verb, const QString &path, const QString &token = {},
        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    std::unique_ptr<FrameClient> connectWs();
    std::unique_ptr<FrameClient> readyClient(const QString &token);
    Snapshot snapshot();
    //! The first order in state New within \a regions (empty = any).
    QJsonObject orderIn(const QString &status, const QStringList &regions = {});
    //! The database equals \a before, and a valid write still reaches the watcher.
    void verifyUnchangedAndServing(const Snapshot &before);
    //! `opsboard_intake_rejected_total` summed over \a source.
    double rejectedIntake(const QByteArray &source);

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FrameClient> m_watcher;
    QNetworkAccessManager m_nam;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void malformedJson();
    void wrongTypes();
    void unknownFieldsAndParameters();
    void duplicateFields();
    void unknownMessageType();
    void oversizedBody();
    void oversizedFrame();
    void missingOrWrongToken();
    void anotherRegionsOrder();
    void forbiddenChannel();
    void frameFlood();
    void invalidStatusTransition();
    void staleIfMatch();
    void badOrderBodies();
    void badCsvFiles_data();
    void badCsvFiles();
    void csvOverTheSizeLimits();
};

HttpResult tst_BadInput::request(const QByteArray &verb, const QString &path, const QString &token,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(m_nam, verb, QUrl(m_server->baseUrl().toString() + path), token, body, headers);
}

std::unique_ptr<FrameClient> tst_BadInput::connectWs()
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(m_server->socketUrl());
    connected.wait(5000);
    return client;
}

std::unique_ptr<FrameClient> tst_BadInput::readyClient(const QString &token)
{
    auto client = connectWs();
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(token));
    (void)QTest::qWaitFor(
        [&client] { return !client->frames.isEmpty() || client->disconnected; }, 5000);
    return client;
}

Snapshot tst_BadInput::snapshot()
{
    Snapshot s;
    const HttpResult orders = request("GET", u"/api/orders"_s, u"demo-manager"_s);
    s.orders = orders.body;
    s.position = orders.headers.value("opsboard-position");
    s.drivers = request("GET", u"/api/drivers"_s, u"demo-manager"_s).body;
    s.alerts = request("GET", u"/api/alerts"_s, u"demo-manager"_s).body;
    s.payments = request("GET", u"/api/payments"_s, u"demo-manager"_s).body;
    return s;
}

QJsonObject tst_BadInput::orderIn(const QString &status, const QStringList &regions)
{
    const HttpResult list =
        request("GET", u"/api/orders?status=%1"_s.arg(status), u"demo-manager"_s);
    for (const QJsonValue &v : list.json.array()) {
        if (regions.isEmpty() || regions.contains(v.toObject().value("region"_L1).toString()))
            return v.toObject();
    }
    return {};
}

void tst_BadInput::verifyUnchangedAndServing(const Snapshot &before)
{
    const Snapshot after = snapshot();
    QVERIFY(!after.position.isEmpty());
    QCOMPARE(after.position, before.position);
    QVERIFY(after.orders == before.orders);
    QVERIFY(after.drivers == before.drivers);
    QVERIFY(after.alerts == before.alerts);
    QVERIFY(after.payments == before.payments);

    // Everyone else is still served: a valid write reaches the watcher as an event.
    QVERIFY(!m_watcher->disconnected);
    QJsonObject probe = orderIn(u"new"_s);
    QString to = u"assigned"_s;
    if (probe.isEmpty()) {
        probe = orderIn(u"assigned"_s);
        to = u"new"_s;
    }
    QVERIFY(!probe.isEmpty());
    const HttpResult write =
        request("PATCH", u"/api/orders/%1"_s.arg(probe.value("id"_L1).toString()),
            u"demo-manager"_s, u"{\"status\":\"%1\"}"_s.arg(to).toUtf8());
    QCOMPARE(write.status, 200);
    const qint64 seq = write.headers.value("opsboard-position").split(':').value(1).toLongLong();
    QVERIFY(seq > 0);
    QTRY_VERIFY_WITH_TIMEOUT(m_watcher->hasEventWithSeq(seq), 5000);
}

void tst_BadInput::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    // No simulator, no alert engine, no ETA engine: the database changes only when a test
    // writes.
    QVERIFY2(m_server->start(0,
                 { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--no-eta"_s,
                     u"--orders"_s, u"80"_s, u"--seed"_s, u"7"_s }),
        qPrintable(m_server->errorString()));
    m_watcher = readyClient(u"demo-manager"_s);
    QCOMPARE(m_watcher->ops(), QStringList { u"ready"_s });
    m_watcher->send(
        uR"({"op":"subscribe","channels":["orders","drivers","alerts","payments","kpis"]})"_s);
    QTRY_COMPARE(m_watcher->frames.size(), 2);
    QCOMPARE(m_watcher->frames.at(1).value("op"_L1).toString(), u"subscribed"_s);
}

void tst_BadInput::cleanupTestCase()
{
    m_watcher.reset();
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_BadInput::malformedJson()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const HttpResult r =
        request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, "{\"status\":");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.error(), u"bad_request"_s);
    QVERIFY2(r.message().contains(u"malformed JSON"_s), qPrintable(r.message()));
    const HttpResult bulk =
        request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s, "{\"ids\":[\"ORD-00001\"");
    QCOMPARE(bulk.status, 400);
    QCOMPARE(bulk.error(), u"bad_request"_s);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::wrongTypes()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const HttpResult r =
        request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, R"({"status":3})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.message().contains(u"must be a string"_s), qPrintable(r.message()));
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s,
        R"({"ids":"ORD-00001","status":"cancelled"})");
    QCOMPARE(bulk.status, 400);
    QVERIFY2(bulk.message().contains(u"'ids'"_s), qPrintable(bulk.message()));
    const HttpResult page = request("GET", u"/api/orders?limit=many"_s, u"demo-manager"_s);
    QCOMPARE(page.status, 400);
    QVERIFY(page.message().contains(u"limit"_s));
    auto client = readyClient(u"demo-manager"_s);
    client->send(uR"({"op":"subscribe","channels":"orders"})"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("error"_L1).toString(), u"bad_frame"_s);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::unknownFieldsAndParameters()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const HttpResult r = request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s,
        R"({"status":"assigned","customer":"Someone Else"})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.message().contains(u"unknown field 'customer'"_s), qPrintable(r.message()));
    const HttpResult q = request("GET", u"/api/orders?colour=red"_s, u"demo-manager"_s);
    QCOMPARE(q.status, 400);
    QVERIFY(q.message().contains(u"colour"_s));
    const HttpResult sort = request("GET", u"/api/orders?sort=password"_s, u"demo-manager"_s);
    QCOMPARE(sort.status, 400);
    auto client = readyClient(u"demo-manager"_s);
    client->send(uR"({"op":"subscribe","channels":["orders"],"verbose":true})"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("error"_L1).toString(), u"bad_frame"_s);
    QVERIFY(client->frames.at(1).value("message"_L1).toString().contains(u"verbose"_s));
    verifyUnchangedAndServing(before);
}

void tst_BadInput::duplicateFields()
{
    // A repeated key is refused like a repeated query parameter, never "last one wins".
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const HttpResult r = request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s,
        R"({"status":"assigned","status":"cancelled"})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.message().contains(u"duplicate field 'status'"_s), qPrintable(r.message()));
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s,
        u"{\"ids\":[\"%1\"],\"status\":\"assigned\",\"st\\u0061tus\":\"cancelled\"}"_s.arg(id)
            .toUtf8());
    QCOMPARE(bulk.status, 400);
    QVERIFY2(bulk.message().contains(u"duplicate field 'status'"_s), qPrintable(bulk.message()));
    auto client = readyClient(u"demo-viewer"_s);
    client->send(uR"({"op":"subscribe","channels":["orders"],"channels":["payments"]})"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("error"_L1).toString(), u"bad_frame"_s);
    QVERIFY2(client->frames.at(1).value("message"_L1).toString().contains(u"duplicate field"_s),
        qPrintable(client->frames.at(1).value("message"_L1).toString()));
    QVERIFY(!client->disconnected);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::unknownMessageType()
{
    const Snapshot before = snapshot();
    auto client = readyClient(u"demo-manager"_s);
    client->send(uR"({"op":"teleport","to":"mars"})"_s);
    QTRY_COMPARE(client->frames.size(), 2);
    QCOMPARE(client->frames.at(1).value("op"_L1).toString(), u"error"_s);
    QVERIFY(client->frames.at(1).value("message"_L1).toString().contains(u"unknown op"_s));
    // The session stays usable.
    client->send(uR"({"op":"subscribe","channels":["orders"]})"_s);
    QTRY_COMPARE(client->frames.size(), 3);
    QCOMPARE(client->frames.at(2).value("op"_L1).toString(), u"subscribed"_s);
    QVERIFY(!client->disconnected);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::oversizedBody()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const QByteArray big = R"({"status":"assigned","pad":")" + QByteArray(70 * 1024, 'x') + "\"}";
    const HttpResult r = request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, big);
    QCOMPARE(r.status, 413);
    QCOMPARE(r.error(), u"payload_too_large"_s);
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-manager"_s, big);
    QCOMPARE(bulk.status, 413);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::oversizedFrame()
{
    const Snapshot before = snapshot();
    auto client = readyClient(u"demo-manager"_s);
    client->send(
        uR"({"op":"subscribe","channels":["orders"],"pad":"%1"})"_s.arg(QString(100 * 1024, u'x')));
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 1009);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::missingOrWrongToken()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    for (const QString &token : { QString(), u"stolen-token"_s }) {
        for (const QString &path : { u"/api/orders"_s, u"/api/drivers"_s, u"/api/kpis"_s,
                 u"/api/alerts"_s, u"/api/orders/%1/history"_s.arg(id) }) {
            const HttpResult r = request("GET", path, token);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.error(), u"unauthorized"_s);
            QVERIFY(!r.body.contains("ORD-"));
        }
        QCOMPARE(request("PATCH", u"/api/orders/%1"_s.arg(id), token, R"({"status":"cancelled"})")
                     .status,
            401);
    }
    auto client = connectWs();
    client->send(uR"({"op":"auth","token":"stolen-token"})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4001);
    QVERIFY(client->frames.isEmpty());
    verifyUnchangedAndServing(before);
}

void tst_BadInput::anotherRegionsOrder()
{
    const Snapshot before = snapshot();
    // demo-dispatcher works north and east.
    const QJsonObject foreign = orderIn(u"new"_s, { u"south"_s, u"west"_s });
    QVERIFY(!foreign.isEmpty());
    const QString path = u"/api/orders/%1"_s.arg(foreign.value("id"_L1).toString());
    const HttpResult get = request("GET", path, u"demo-dispatcher"_s);
    QCOMPARE(get.status, 403);
    QCOMPARE(get.error(), u"forbidden"_s);
    const HttpResult patch =
        request("PATCH", path, u"demo-dispatcher"_s, R"({"status":"cancelled"})");
    QCOMPARE(patch.status, 403);
    QCOMPARE(request("GET", path + u"/history"_s, u"demo-dispatcher"_s).status, 403);
    const HttpResult bulk = request("POST", u"/api/orders/bulk-status"_s, u"demo-dispatcher"_s,
        u"{\"ids\":[\"%1\"],\"status\":\"cancelled\"}"_s.arg(foreign.value("id"_L1).toString())
            .toUtf8());
    QCOMPARE(bulk.status, 200);
    const QJsonObject result = bulk.json.object().value("results"_L1).toArray().at(0).toObject();
    QCOMPARE(result.value("ok"_L1).toBool(), false);
    QCOMPARE(result.value("error"_L1).toString(), u"forbidden"_s);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::forbiddenChannel()
{
    const Snapshot before = snapshot();
    auto viewer = readyClient(u"demo-viewer"_s);
    viewer->send(uR"({"op":"subscribe","channels":["orders","payments"]})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(viewer->disconnected, 5000);
    QCOMPARE(viewer->closeCode(), 4003);
    QCOMPARE(viewer->ops(), (QStringList { u"ready"_s, u"error"_s }));
    QCOMPARE(viewer->frames.at(1).value("error"_L1).toString(), u"forbidden"_s);
    QCOMPARE(request("GET", u"/api/payments"_s, u"demo-viewer"_s).status, 403);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::frameFlood()
{
    const Snapshot before = snapshot();
    auto client = readyClient(u"demo-manager"_s);
    // Default limits: 20 frames/s refused one by one, closed above 50 frames/s.
    for (int i = 0; i < 200; ++i)
        client->send(uR"({"op":"unsubscribe","channels":["drivers"]})"_s);
    QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
    QCOMPARE(client->closeCode(), 4029);
    qsizetype rateLimited = 0;
    for (const QJsonObject &f : client->frames)
        rateLimited += f.value("error"_L1).toString() == "rate_limited"_L1;
    QVERIFY2(rateLimited >= 1, qPrintable(client->ops().join(u',')));
    verifyUnchangedAndServing(before);
}

void tst_BadInput::invalidStatusTransition()
{
    const Snapshot before = snapshot();
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    const HttpResult r = request(
        "PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, R"({"status":"delivered"})");
    QCOMPARE(r.status, 400);
    QVERIFY2(r.message().contains(u"cannot go from new to delivered"_s), qPrintable(r.message()));
    const HttpResult unknown = request(
        "PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, R"({"status":"teleported"})");
    QCOMPARE(unknown.status, 400);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::staleIfMatch()
{
    const QJsonObject order = orderIn(u"new"_s);
    const QString path = u"/api/orders/%1"_s.arg(order.value("id"_L1).toString());
    const qint64 version = order.value("version"_L1).toInteger();
    QCOMPARE(request("PATCH", path, u"demo-manager"_s, R"({"status":"assigned"})",
                 { { "If-Match", QByteArray::number(version) } })
                 .status,
        200);
    const Snapshot before = snapshot();
    const HttpResult stale = request("PATCH", path, u"demo-manager"_s, R"({"status":"cancelled"})",
        { { "If-Match", '"' + QByteArray::number(version) + '"' } });
    QCOMPARE(stale.status, 409);
    QCOMPARE(stale.error(), u"conflict"_s);
    const QJsonObject current = stale.json.object().value("current"_L1).toObject();
    QCOMPARE(current.value("version"_L1).toInteger(), version + 1);
    QCOMPARE(current.value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(stale.headers.value("etag"), '"' + QByteArray::number(version + 1) + '"');
    verifyUnchangedAndServing(before);
}

double tst_BadInput::rejectedIntake(const QByteArray &source)
{
    const Exposition e = Exposition::parse(request("GET", u"/metrics"_s).body);
    return e.sum("opsboard_intake_rejected_total", { { "source", source } });
}

void tst_BadInput::badOrderBodies()
{
    const Snapshot before = snapshot();
    const double counted = rejectedIntake("api");
    const QString due = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
    const QList<std::pair<QByteArray, int>> bodies {
        { "{\"customer\":", 400 },
        { "[\"an\",\"array\"]", 400 },
        { "\xff\xfe{\0}\0", 400 },
        { R"({"customer":"A","region":"north","pickup":"P","dropoff":"D","dueAt":")" + due.toUtf8()
                + R"(","amountCents":"12"})",
            400 },
        { R"({"customer":"A","region":"north","pickup":"P","dropoff":"D","dueAt":")" + due.toUtf8()
                + R"(","amountCents":1,"status":"delivered"})",
            400 },
        { R"({"customer":"=cmd|' /C calc'!A0","region":"north","pickup":"P","dropoff":"D",)"
          R"("dueAt":"yesterday","amountCents":1})",
            400 },
    };
    for (const auto &[body, status] : bodies) {
        const HttpResult r = request("POST", u"/api/orders"_s, u"demo-manager"_s, body);
        QCOMPARE(r.status, status);
        QVERIFY2(!r.message().isEmpty(), body.constData());
    }
    // Oversized: refused by the listener before the body is read.
    const QByteArray big = R"({"customer":")" + QByteArray(70 * 1024, 'x') + "\"}";
    QCOMPARE(request("POST", u"/api/orders"_s, u"demo-manager"_s, big).status, 413);
    // Oversized fields inside the limit: refused by the rules, naming the field.
    const HttpResult longNotes = request("POST", u"/api/orders"_s, u"demo-manager"_s,
        R"({"customer":"A","region":"north","pickup":"P","dropoff":"D","dueAt":")" + due.toUtf8()
            + R"(","amountCents":1,"notes":")" + QByteArray(60 * 1024, 'n') + "\"}");
    QCOMPARE(longNotes.status, 400);
    QCOMPARE(longNotes.json.object().value("field"_L1).toString(), u"notes"_s);
    // The edit of an order: the same rules.
    const QString id = orderIn(u"new"_s).value("id"_L1).toString();
    QCOMPARE(
        request("PATCH", u"/api/orders/%1"_s.arg(id), u"demo-manager"_s, R"({"amountCents":-5})")
            .status,
        400);
    QVERIFY(rejectedIntake("api") >= counted + double(bodies.size()) + 2);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::badCsvFiles_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("says");
    const QByteArray due =
        QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate).toUtf8();
    const QByteArray header = "externalRef,customer,pickup,dropoff,dueAt,region,amount\n";
    const QByteArray good = "BAD-1,Cafe,Depot,1 St," + due + ",north,5\n";
    QTest::newRow("Latin-1") << header + "BAD-1,Caf\xe9,Depot,1 St," + due + ",north,5\n"
                             << QByteArray("text/csv") << 400 << u"not UTF-8"_s;
    QTest::newRow("UTF-16") << QByteArray("\xff\xfe"
                                          "e\0x\0t\0",
        8) << QByteArray("text/csv")
                            << 400 << u"UTF-16"_s;
    QTest::newRow("another charset")
        << header + good << QByteArray("text/csv; charset=iso-8859-1") << 400 << u"UTF-8"_s;
    QTest::newRow("JSON, not CSV")
        << QByteArray("{\"orders\":[]}") << QByteArray("application/json") << 400 << u"text/csv"_s;
    QTest::newRow("unknown column")
        << QByteArray("externalRef,customer,colour\nA,B,red\n") << QByteArray("text/csv") << 400
        << u"unknown column 'colour'"_s;
    QTest::newRow("missing columns") << QByteArray("externalRef,customer\nA,B\n")
                                     << QByteArray("text/csv") << 400 << u"missing columns"_s;
    QTest::newRow("duplicate refs")
        << header + good + good << QByteArray("text/csv") << 400 << u"nothing was imported"_s;
    QTest::newRow("unclosed quote") << header + "\"BAD-1,Cafe\n"
                                    << QByteArray("text/csv") << 400 << u"not closed"_s;
    QTest::newRow("formula as amount")
        << header + "BAD-1,Cafe,Depot,1 St," + due + ",north,=2+3\n"
        << QByteArray("text/csv") << 400 << u"nothing was imported"_s;
    QTest::newRow("empty") << QByteArray() << QByteArray("text/csv") << 400 << u"empty"_s;
    QTest::newRow("a row of 1 MB") << header + "BAD-1,\"" + QByteArray(1024 * 1024, 'x')
            + "\",Depot,1 St," + due + ",north,5\n"
                                   << QByteArray("text/csv") << 413 << u"row longer than"_s;
    QByteArray many = header;
    for (int i = 0; i <= 10000; ++i)
        many += "R-" + QByteArray::number(i) + ",Cafe,Depot,1 St," + due + ",north,5\n";
    QTest::newRow("10,001 rows") << many << QByteArray("text/csv") << 413
                                 << u"more than 10000 rows"_s;
}

void tst_BadInput::badCsvFiles()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, says);
    const Snapshot before = snapshot();
    const double counted = rejectedIntake("import");
    for (const char *query : { "?dryRun=1", "" }) {
        const HttpResult r = request("POST", u"/api/orders/import"_s + QLatin1StringView(query),
            u"demo-manager"_s, body, { { "Content-Type", contentType } });
        if (QByteArrayView(query).isEmpty() || status != 400 || !says.contains(u"nothing"_s)) {
            QCOMPARE(r.status, status);
            QVERIFY2(r.message().contains(says), qPrintable(r.message()));
        } else {
            // A dry run answers its report: the bad rows, each with its reason.
            QCOMPARE(r.status, 200);
            QVERIFY(r.json.object().value("problemCount"_L1).toInt() >= 1);
        }
    }
    QVERIFY(rejectedIntake("import") >= counted + 2);
    verifyUnchangedAndServing(before);
}

void tst_BadInput::csvOverTheSizeLimits()
{
    const Snapshot before = snapshot();
    // A 10 MB file: the listener answers 413 as soon as it has read the head.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /api/orders/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                 "demo-manager\r\nContent-Type: text/csv\r\nContent-Length: 10485760\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT(
        (answer += socket.readAll()).contains("\r\n\r\n") && answer.contains("}"), 5000);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(answer.contains("payload_too_large"));
    QVERIFY(answer.contains("8388608"));
    // The limit is the import's: other routes keep theirs.
    socket.abort();
    QCOMPARE(
        request("PATCH", u"/api/orders/ORD-00001"_s, u"demo-manager"_s, QByteArray(100 * 1024, ' '))
            .status,
        413);
    const Exposition e = Exposition::parse(request("GET", u"/metrics"_s).body);
    QVERIFY(e.value("opsboard_http_rejected_total", { { "reason", "body_too_large" } }) >= 2);
    verifyUnchangedAndServing(before);
}

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
