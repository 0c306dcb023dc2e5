// Real drivers against the real opsboard-server process: phones report over the OsmAnd protocol
// on the main port and on the dedicated one (GET, POST, form, Traccar Client 9's JSON), managers
// register devices and manage drivers, a driver's token reaches its own API and nothing else,
// reports are rate-limited and never applied out of order, and every refused report leaves the
// database byte for byte as it was.

#include <memory>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>

#include "exposition.h"
#include "frameclient.h"
#include "serverprocess.h"
#include "sqlitedump.h"

using namespace Qt::StringLiterals;

namespace {

const QString kManager = u"demo-manager"_s;
const QString kDispatcher = u"demo-dispatcher"_s;
const QString kViewer = u"demo-viewer"_s;
const QString kDriver = u"demo-driver"_s; // DRV-001

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class tst_Drivers : public QObject
{
    Q_OBJECT

private:
    HttpResult request(const QByteArray &verb, const QString &path, const QString &token = {},
        const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    //! An OsmAnd request to \a server's main port (\a dedicated false) or its OsmAnd port.
    HttpResult osmand(ServerProcess &server, bool dedicated, const QByteArray &verb,
        const QString &pathAndQuery, const QByteArray &body = {},
        const QByteArray &contentType = {});
    HttpResult osmand(bool dedicated, const QByteArray &verb, const QString &pathAndQuery,
        const QByteArray &body = {}, const QByteArray &contentType = {})
    {
        return osmand(*m_server, dedicated, verb, pathAndQuery, body, contentType);
    }
    //! The query of a report of \a key at Unix time \a at (seconds).
    static QString report(const QString &key, qint64 at, double lat = 51.5, double lon = -0.12);
    //! A fix time newer than any used before (seconds), well within the server's clock.
    qint64 nextTime() { return ++m_time; }
    QJsonObject driver(const QString &id);
    Exposition metrics(ServerProcess &server);
    std::unique_ptr<FrameClient> subscribedClient(const QString &token, const QString &channels);
    //! The first event the watcher got after \a from of \a type for \a id.
    QJsonObject watchedEvent(qsizetype from, const QString &type, const QString &id) const;

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FrameClient> m_watcher;
    QNetworkAccessManager m_nam;
    quint16 m_osmandPort = 0;
    qint64 m_time = 0;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void osmandOnBothPorts();
    void dedicatedPortTakesReportsOnly();
    void deviceKeyIsShownOnce();
    void driversAreManaged();
    void driverRoleReachesOnlyItsOwnApi();
    void driverApiReportsStatusAndPosition();
    void outOfOrderPositionsAreNeverApplied();
    void trailIsReadable();
    void refusedReportsLeaveTheDatabaseByteIdentical();
    void deviceRateLimit();
    void addressRateLimit();
    void demoDriversReportThroughTheIntake();
};

HttpResult tst_Drivers::request(const QByteArray &verb, const QString &path, const QString &token,
    const QByteArray &body, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(m_nam, verb, QUrl(m_server->baseUrl().toString() + path), token, body, headers);
}

HttpResult tst_Drivers::osmand(ServerProcess &server, bool dedicated, const QByteArray &verb,
    const QString &pathAndQuery, const QByteArray &body, const QByteArray &contentType)
{
    const QString base =
        dedicated ? u"http://127.0.0.1:%1"_s.arg(m_osmandPort) : server.baseUrl().toString();
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!contentType.isEmpty())
        headers.append({ "Content-Type", contentType });
    return sendHttp(m_nam, verb, QUrl(base + pathAndQuery), {}, body, headers);
}

QString tst_Drivers::report(const QString &key, qint64 at, double lat, double lon)
{
    return u"id=%1&timestamp=%2&lat=%3&lon=%4&speed=10&bearing=90&altitude=30&accuracy=0&batt=66"_s
        .arg(key)
        .arg(at)
        .arg(lat, 0, 'f', 6)
        .arg(lon, 0, 'f', 6);
}

QJsonObject tst_Drivers::driver(const QString &id)
{
    return request("GET", u"/api/drivers/"_s + id, kManager).json.object();
}

Exposition tst_Drivers::metrics(ServerProcess &server)
{
    return Exposition::parse(
        sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/metrics"_s)).body);
}

std::unique_ptr<FrameClient> tst_Drivers::subscribedClient(
    const QString &token, const QString &channels)
{
    auto client = std::make_unique<FrameClient>();
    QSignalSpy connected(&client->socket, &QWebSocket::connected);
    client->socket.open(m_server->socketUrl());
    connected.wait(5000);
    client->send(u"{\"op\":\"auth\",\"token\":\"%1\"}"_s.arg(token));
    (void)QTest::qWaitFor([&] { return !client->frames.isEmpty() || client->disconnected; }, 5000);
    if (!channels.isEmpty()) {
        client->send(u"{\"op\":\"subscribe\",\"channels\":[%1]}"_s.arg(channels));
        (void)QTest::qWaitFor(
            [&] { return client->frames.size() >= 2 || client->disconnected; }, 5000);
    }
    return client;
}

QJsonObject tst_Drivers::watchedEvent(qsizetype from, const QString &type, const QString &id) const
{
    for (qsizetype i = from; i < m_watcher->frames.size(); ++i) {
        const QJsonObject f = m_watcher->frames.at(i);
        if (f.value("type"_L1).toString() == type && f.value("id"_L1).toString() == id)
            return f;
    }
    return {};
}

void tst_Drivers::initTestCase()
{
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_osmandPort = freePort();
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    // No simulator, no alert engine, no timed trim: the database changes only when a test
    // writes.
    QVERIFY2(m_server->start(0,
                 { u"--demo"_s, u"--no-sim"_s, u"--no-eta"_s, u"--alert-interval"_s, u"0"_s,
                     u"--orders"_s, u"60"_s, u"--drivers"_s, u"8"_s, u"--seed"_s, u"7"_s,
                     u"--trim-interval"_s, u"86400000"_s, u"--osmand-port"_s,
                     QString::number(m_osmandPort) }),
        qPrintable(m_server->errorString()));
    // The OsmAnd port and every demo driver's key are printed at start-up.
    QVERIFY(m_server->waitForOutput(
        u"OsmAnd reports on http://127.0.0.1:%1"_s.arg(m_osmandPort).toUtf8()));
    QVERIFY(m_server->waitForOutput("demo token driver (DRV-001): demo-driver"));
    QVERIFY(m_server->waitForOutput("demo device key DRV-008: demo-DRV-008"));
    // Fix times from now on: newer than the demo drivers' seeded positions, never in the future.
    m_time = QDateTime::currentSecsSinceEpoch() + 1;
    m_watcher = subscribedClient(kManager, u"\"orders\",\"drivers\""_s);
    QCOMPARE(m_watcher->ops(), (QStringList { u"ready"_s, u"subscribed"_s }));
}

void tst_Drivers::cleanupTestCase()
{
    m_watcher.reset();
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_Drivers::osmandOnBothPorts()
{
    const double before =
        metrics(*m_server).value("opsboard_positions_accepted_total", { { "source", "osmand" } });
    struct Case
    {
        const char *name;
        bool dedicated;
        QByteArray verb;
        QString path; //!< a report's query goes after it
        bool inBody;
        QByteArray contentType;
    };
    const QList<Case> cases {
        { "GET on the main port", false, "GET", u"/api/osmand?"_s, false, {} },
        { "POST with the query, as Traccar Client 8", true, "POST", u"/?"_s, false, {} },
        { "POST a form", true, "POST", u"/"_s, true, "application/x-www-form-urlencoded" },
        { "POST a form on the main port", false, "POST", u"/api/osmand"_s, true,
            "application/x-www-form-urlencoded" },
        { "GET on the dedicated port's /api/osmand", true, "GET", u"/api/osmand?"_s, false, {} },
    };
    double lat = 51.50;
    for (const Case &c : cases) {
        const qint64 at = nextTime();
        lat += 0.001;
        const QString query = report(u"demo-DRV-002"_s, at, lat);
        const qsizetype from = m_watcher->frames.size();
        const HttpResult r = c.inBody
            ? osmand(c.dedicated, c.verb, c.path, query.toUtf8(), c.contentType)
            : osmand(c.dedicated, c.verb, c.path + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.object().value("status"_L1).toString(), u"accepted"_s);
        const QJsonObject row = driver(u"DRV-002"_s);
        QCOMPARE(row.value("positionAt"_L1).toString(),
            QDateTime::fromSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODateWithMs));
        QCOMPARE(row.value("lat"_L1).toDouble(), lat);
        QCOMPARE(row.value("positionSource"_L1).toString(), u"osmand"_s);
        QCOMPARE(row.value("battery"_L1).toDouble(), 66.0);
        QVERIFY(qAbs(row.value("speedKmh"_L1).toDouble() - 18.52) < 1e-9); // 10 knots
        QVERIFY(row.value("accuracyM"_L1).isNull()); // 0: unknown
        // Every screen hears of it at once, with the fields to patch in.
        QTRY_VERIFY2_WITH_TIMEOUT(
            !watchedEvent(from, u"driver.updated"_s, u"DRV-002"_s).isEmpty(), c.name, 5000);
        const QJsonObject fields =
            watchedEvent(from, u"driver.updated"_s, u"DRV-002"_s).value("fields"_L1).toObject();
        QCOMPARE(fields.value("lat"_L1).toDouble(), lat);
        QCOMPARE(fields.value("positionSource"_L1).toString(), u"osmand"_s);
    }
    // Traccar Client 9's JSON, on both ports.
    for (const bool dedicated : { true, false }) {
        const QDateTime at = QDateTime::fromSecsSinceEpoch(nextTime(), Qt::UTC).addMSecs(250);
        const QByteArray body = QJsonDocument(
            QJsonObject {
                { "device_id"_L1, "demo-DRV-002"_L1 },
                { "location"_L1,
                    QJsonObject {
                        { "timestamp"_L1, at.toString(Qt::ISODateWithMs) },
                        { "coords"_L1,
                            QJsonObject { { "latitude"_L1, 51.6 }, { "longitude"_L1, -0.11 },
                                { "speed"_L1, 5 }, { "heading"_L1, 45 }, { "accuracy"_L1, 7 },
                                { "altitude"_L1, 12 } } },
                        { "battery"_L1,
                            QJsonObject { { "level"_L1, 0.5 }, { "is_charging"_L1, true } } },
                        { "is_moving"_L1, true },
                    } },
            })
                                    .toJson(QJsonDocument::Compact);
        const HttpResult r = osmand(
            dedicated, "POST", dedicated ? u"/"_s : u"/api/osmand"_s, body, "application/json");
        QCOMPARE(r.status, 200);
        const QJsonObject row = driver(u"DRV-002"_s);
        QCOMPARE(row.value("positionAt"_L1).toString(), at.toString(Qt::ISODateWithMs));
        QCOMPARE(row.value("battery"_L1).toDouble(), 50.0);
        QCOMPARE(row.value("speedKmh"_L1).toDouble(), 18.0); // 5 m/s
        QCOMPARE(row.value("accuracyM"_L1).toDouble(), 7.0);
        QCOMPARE(row.value("bearing"_L1).toDouble(), 45.0);
    }
    const double after =
        metrics(*m_server).value("opsboard_positions_accepted_total", { { "source", "osmand" } });
    QCOMPARE(after, before + cases.size() + 2);
}

void tst_Drivers::dedicatedPortTakesReportsOnly()
{
    // Nothing but reports: the REST API, health and the WebSocket are on the main port only.
    for (const QString &path :
        { u"/api/orders"_s, u"/api/drivers"_s, u"/healthz"_s, u"/metrics"_s, u"/ws"_s }) {
        const HttpResult r = sendHttp(
            m_nam, "GET", QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_osmandPort).arg(path)), kManager);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.error(), u"not_found"_s);
        QVERIFY(!r.body.contains("ORD-"));
    }
    QCOMPARE(osmand(true, "DELETE", u"/"_s).status, 405);
    QCOMPARE(osmand(true, "PUT", u"/api/osmand"_s, "x").status, 405);
}

void tst_Drivers::deviceKeyIsShownOnce()
{
    const HttpResult registered =
        request("POST", u"/api/drivers/DRV-003/devices"_s, kManager, R"({"label":"Ava's phone"})");
    QCOMPARE(registered.status, 201);
    QCOMPARE(registered.headers.value("cache-control"), "no-store");
    const QJsonObject answer = registered.json.object();
    const QString key = answer.value("key"_L1).toString();
    const QString deviceId = answer.value("device"_L1).toObject().value("id"_L1).toString();
    QVERIFY2(
        QRegularExpression(u"^[0-9a-hjkmnp-tv-z]{26}$"_s).match(key).hasMatch(), qPrintable(key));
    QVERIFY(deviceId.startsWith(u"DEV-"_s));
    QCOMPARE(answer.value("device"_L1).toObject().value("label"_L1).toString(), u"Ava's phone"_s);
    const qint64 version = answer.value("driver"_L1).toObject().value("version"_L1).toInteger();

    // The key is in no other answer.
    for (const QString &path : { u"/api/drivers"_s, u"/api/drivers/DRV-003"_s,
             u"/api/drivers/DRV-003/history"_s, u"/api/events?entity=driver"_s }) {
        const HttpResult r = request("GET", path, kManager);
        QCOMPARE(r.status, 200);
        QVERIFY2(!r.body.contains(key.toUtf8()), qPrintable(path));
        if (path == "/api/drivers/DRV-003"_L1)
            QVERIFY(r.body.contains(deviceId.toUtf8()));
    }
    // The key reports as that device.
    QCOMPARE(osmand(true, "GET", u"/?"_s + report(key, nextTime())).status, 200);
    QCOMPARE(driver(u"DRV-003"_s).value("positionDevice"_L1).toString(), deviceId);

    // Only managers register and revoke.
    for (const QString &token : { kDispatcher, kViewer })
        QCOMPARE(request("POST", u"/api/drivers/DRV-003/devices"_s, token, "{}").status, 403);
    QCOMPARE(request("POST", u"/api/drivers/DRV-003/devices"_s, {}, "{}").status, 401);
    QCOMPARE(request("POST", u"/api/drivers/DRV-999/devices"_s, kManager, "{}").status, 404);
    QCOMPARE(
        request("POST", u"/api/drivers/DRV-003/devices"_s, kManager, R"({"key":"mine"})").status,
        400);

    // Revoked (If-Match like any write), the key is unknown.
    const QString path = u"/api/drivers/DRV-003/devices/"_s + deviceId;
    const HttpResult stale =
        request("DELETE", path, kManager, {}, { { "If-Match", QByteArray::number(version - 1) } });
    QCOMPARE(stale.status, 409);
    const qint64 current =
        stale.json.object().value("current"_L1).toObject().value("version"_L1).toInteger();
    const HttpResult revoked =
        request("DELETE", path, kManager, {}, { { "If-Match", QByteArray::number(current) } });
    QCOMPARE(revoked.status, 200);
    for (const QJsonValue &d : revoked.json.object().value("devices"_L1).toArray())
        QVERIFY(d.toObject().value("id"_L1).toString() != deviceId);
    const HttpResult unknown = osmand(false, "GET", u"/api/osmand?"_s + report(key, nextTime()));
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json.object().value("reason"_L1).toString(), u"unknown_device"_s);
    QCOMPARE(request("DELETE", path, kManager).status, 404);
}

void tst_Drivers::driversAreManaged()
{
    const qsizetype from = m_watcher->frames.size();
    const HttpResult created = request("POST", u"/api/drivers"_s, kManager,
        R"({"name":"Zoe Park","region":"north","phone":"+44 20 7946 0018","vehicle":"Cargo bike 3"})");
    QCOMPARE(created.status, 201);
    const QJsonObject row = created.json.object();
    const QString id = row.value("id"_L1).toString();
    QCOMPARE(id, u"DRV-009"_s);
    QCOMPARE(created.headers.value("location"), "/api/drivers/DRV-009");
    QCOMPARE(row.value("version"_L1).toInteger(), 1);
    QCOMPARE(row.value("status"_L1).toString(), u"offline"_s);
    QVERIFY(row.value("lat"_L1).isNull());
    QVERIFY(row.value("positionAt"_L1).isNull());
    QCOMPARE(row.value("active"_L1).toBool(), true);
    QCOMPARE(row.value("devices"_L1).toArray().size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!watchedEvent(from, u"driver.created"_s, id).isEmpty(), 5000);

    // Managers only; bodies are checked.
    QCOMPARE(
        request("POST", u"/api/drivers"_s, kDispatcher, R"({"name":"X","region":"north"})").status,
        403);
    for (const QByteArray &bad : { QByteArray(R"({"name":"X"})"),
             QByteArray(R"({"name":"X","region":"north","phone":"call me"})"),
             QByteArray(R"({"name":"X","region":"no spaces please"})"),
             QByteArray(R"({"name":"X","region":"north","rating":5})"), QByteArray("{") }) {
        const HttpResult r = request("POST", u"/api/drivers"_s, kManager, bad);
        QCOMPARE(r.status, 400);
        QVERIFY(!r.message().isEmpty());
    }

    // PATCH with If-Match: one wins, the other gets the current row.
    const QString path = u"/api/drivers/"_s + id;
    const HttpResult patched =
        request("PATCH", path, kManager, R"({"vehicle":"Van 7"})", { { "If-Match", "\"1\"" } });
    QCOMPARE(patched.status, 200);
    QCOMPARE(patched.headers.value("etag"), "\"2\"");
    const HttpResult conflict =
        request("PATCH", path, kManager, R"({"phone":""})", { { "If-Match", "\"1\"" } });
    QCOMPARE(conflict.status, 409);
    QCOMPARE(conflict.json.object().value("current"_L1).toObject().value("vehicle"_L1).toString(),
        u"Van 7"_s);
    QCOMPARE(request("PATCH", path, kViewer, R"({"vehicle":"Bus"})").status, 403);

    // With an open order it cannot be deactivated; without, it can, and then cannot be
    // assigned.
    const QString order = request("GET", u"/api/orders?status=new&limit=1"_s, kManager)
                              .json.array()
                              .at(0)
                              .toObject()
                              .value("id"_L1)
                              .toString();
    QVERIFY(!order.isEmpty());
    QCOMPARE(request("PATCH", u"/api/orders/"_s + order, kManager,
                 u"{\"status\":\"assigned\",\"driverId\":\"%1\"}"_s.arg(id).toUtf8())
                 .status,
        200);
    const HttpResult refused = request("PATCH", path, kManager, R"({"active":false})");
    QCOMPARE(refused.status, 400);
    QVERIFY2(refused.message().contains(order), qPrintable(refused.message()));
    QCOMPARE(
        request("PATCH", u"/api/orders/"_s + order, kManager, R"({"status":"new"})").status, 200);
    const qsizetype beforeOff = m_watcher->frames.size();
    const HttpResult off = request("PATCH", path, kManager, R"({"active":false})");
    QCOMPARE(off.status, 200);
    QCOMPARE(off.json.object().value("active"_L1).toBool(), false);
    QTRY_VERIFY_WITH_TIMEOUT(!watchedEvent(beforeOff, u"driver.updated"_s, id).isEmpty(), 5000);
    QCOMPARE(watchedEvent(beforeOff, u"driver.updated"_s, id)
                 .value("fields"_L1)
                 .toObject()
                 .value("active"_L1)
                 .toBool(true),
        false);
    const HttpResult assign = request("PATCH", u"/api/orders/"_s + order, kManager,
        u"{\"status\":\"assigned\",\"driverId\":\"%1\"}"_s.arg(id).toUtf8());
    QCOMPARE(assign.status, 400);
    QVERIFY2(assign.message().contains(u"deactivated"_s), qPrintable(assign.message()));
    // Still listed (with its history), and by the active filter.
    const QJsonArray inactive =
        request("GET", u"/api/drivers?active=false"_s, kManager).json.array();
    QCOMPARE(inactive.size(), 1);
    QCOMPARE(inactive.at(0).toObject().value("id"_L1).toString(), id);
    QStringList history;
    for (const QJsonValue &e : request("GET", path + u"/history"_s, kManager).json.array())
        history.append(e.toObject().value("field"_L1).toString());
    QCOMPARE(history, (QStringList { u"created"_s, u"vehicle"_s, u"active"_s }));
}

void tst_Drivers::driverRoleReachesOnlyItsOwnApi()
{
    // Every route the server has (the route labels of its request metrics), every method: a
    // driver's token is refused (403), or the method does not exist there (405). Never data.
    QStringList patterns;
    for (const Exposition::Sample &s : metrics(*m_server).samples) {
        if (s.name == "opsboard_http_request_duration_seconds_count")
            patterns.append(QString::fromUtf8(s.labels.value("route")));
    }
    QVERIFY(patterns.size() > 20);
    // (/api/test/clock exists only with --test-clock, which this server is not given.)
    const QStringList open { u"/healthz"_s, u"/readyz"_s, u"/metrics"_s, u"/ws"_s, u"/"_s,
        u"/api/osmand"_s, u"unmatched"_s, u"/api/test/clock"_s };
    int refusedRoutes = 0;
    for (const QString &pattern : std::as_const(patterns)) {
        if (open.contains(pattern) || pattern.startsWith(u"/api/me/"_s))
            continue;
        QString path = pattern;
        path.replace(u"/api/orders/<arg>"_s, u"/api/orders/ORD-00001"_s);
        path.replace(u"/api/drivers/<arg>"_s, u"/api/drivers/DRV-001"_s);
        path.replace(u"/api/alerts/<arg>"_s, u"/api/alerts/ALT-00001"_s);
        path.replace(u"<arg>"_s, u"acknowledge"_s);
        bool refused = false;
        for (const QByteArray verb : { "GET", "POST", "PATCH", "DELETE" }) {
            const HttpResult r = request(verb, path, kDriver, "{}");
            QVERIFY2(r.status == 403 || r.status == 405,
                qPrintable(u"%1 %2: %3"_s.arg(QString::fromLatin1(verb), path).arg(r.status)));
            const QJsonObject body = r.json.object();
            QCOMPARE(body.keys(), (QStringList { u"error"_s, u"message"_s }));
            refused = refused || r.status == 403;
        }
        QVERIFY2(refused, qPrintable(path));
        ++refusedRoutes;
    }
    QVERIFY(refusedRoutes >= 16);
    // The same list by hand, so a route missing from the metrics cannot hide.
    for (const auto &[verb, path] : QList<QPair<QByteArray, QString>> { { "GET", u"/api/orders"_s },
             { "PATCH", u"/api/orders/ORD-00001"_s }, { "POST", u"/api/orders/bulk-status"_s },
             { "GET", u"/api/drivers"_s }, { "GET", u"/api/drivers/DRV-001"_s },
             { "GET", u"/api/drivers/DRV-001/trail"_s }, { "POST", u"/api/drivers"_s },
             { "PATCH", u"/api/drivers/DRV-001"_s }, { "GET", u"/api/payments"_s },
             { "GET", u"/api/alerts"_s }, { "POST", u"/api/alerts/ALT-00001/acknowledge"_s },
             { "GET", u"/api/alert-rules"_s }, { "PATCH", u"/api/alert-rules/*/late_order"_s },
             { "GET", u"/api/kpis"_s }, { "GET", u"/api/kpis/timeline"_s },
             { "GET", u"/api/events"_s } }) {
        const HttpResult r = request(verb, path, kDriver, verb == "GET" ? QByteArray() : "{}");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.error(), u"forbidden"_s);
    }
    // No WebSocket channel either.
    for (const QString &channel :
        { u"orders"_s, u"drivers"_s, u"kpis"_s, u"alerts"_s, u"payments"_s }) {
        auto client = subscribedClient(kDriver, u"\"%1\""_s.arg(channel));
        QTRY_VERIFY_WITH_TIMEOUT(client->disconnected, 5000);
        QCOMPARE(client->closeCode(), 4003);
        QCOMPARE(client->ops(), (QStringList { u"ready"_s, u"error"_s }));
        for (const QJsonObject &f : client->frames)
            QVERIFY(f.value("op"_L1).toString() != "event"_L1);
    }
    // And staff tokens are not drivers.
    for (const QString &token : { kManager, kDispatcher, kViewer }) {
        QCOMPARE(request("GET", u"/api/me/orders"_s, token).status, 403);
        QCOMPARE(request("POST", u"/api/me/position"_s, token, "{}").status, 403);
        QCOMPARE(request("POST", u"/api/me/orders/ORD-00001/status"_s, token,
                     R"({"status":"picked_up"})")
                     .status,
            403);
    }
    QCOMPARE(request("GET", u"/api/me/orders"_s).status, 401);
}

void tst_Drivers::driverApiReportsStatusAndPosition()
{
    // Two orders for DRV-001, given by a dispatcher.
    QStringList mine;
    for (const QJsonValue &v : request("GET", u"/api/orders?status=new"_s, kManager).json.array()) {
        const QJsonObject o = v.toObject();
        if (mine.size() < 2
            && request("PATCH", u"/api/orders/"_s + o.value("id"_L1).toString(), kManager,
                   R"({"status":"assigned","driverId":"DRV-001"})")
                    .status
                == 200)
            mine.append(o.value("id"_L1).toString());
    }
    QCOMPARE(mine.size(), 2);
    const HttpResult list = request("GET", u"/api/me/orders"_s, kDriver);
    QCOMPARE(list.status, 200);
    QStringList listed;
    for (const QJsonValue &v : list.json.array()) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o.value("driverId"_L1).toString(), u"DRV-001"_s);
        QVERIFY(QStringList({ u"assigned"_s, u"picked_up"_s, u"in_transit"_s })
                    .contains(o.value("status"_L1).toString()));
        listed.append(o.value("id"_L1).toString());
    }
    QVERIFY(listed.contains(mine.at(0)) && listed.contains(mine.at(1)));

    // Picked up, then delivered (through in transit) with a note and a photo reference.
    const QString first = u"/api/me/orders/%1/status"_s.arg(mine.at(0));
    const HttpResult picked = request("POST", first, kDriver, R"({"status":"picked_up"})");
    QCOMPARE(picked.status, 200);
    QCOMPARE(picked.json.object().value("status"_L1).toString(), u"picked_up"_s);
    const qint64 version = picked.json.object().value("version"_L1).toInteger();
    const HttpResult delivered = request("POST", first, kDriver,
        R"({"status":"delivered","note":"left at reception","photo":"photo-7731.jpg"})",
        { { "If-Match", QByteArray::number(version) } });
    QCOMPARE(delivered.status, 200);
    QCOMPARE(delivered.json.object().value("status"_L1).toString(), u"delivered"_s);
    QCOMPARE(delivered.json.object().value("version"_L1).toInteger(), version + 2);
    // Two events after the picked-up version (in transit, delivered), told apart by version:
    // the picked-up event itself may reach the watcher only after its answer did.
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            int n = 0;
            for (const QJsonObject &frame : std::as_const(m_watcher->frames))
                n += frame.value("id"_L1).toString() == mine.at(0)
                    && frame.value("version"_L1).toInteger() > version;
            return n;
        }(),
        2, 5000);
    QStringList history;
    for (const QJsonValue &e :
        request("GET", u"/api/orders/%1/history"_s.arg(mine.at(0)), kManager).json.array()) {
        const QJsonObject h = e.toObject();
        if (h.value("actor"_L1).toString() == "driver"_L1)
            history.append(h.value("field"_L1).toString() + u'=' + h.value("to"_L1).toString());
    }
    QCOMPARE(history,
        (QStringList { u"status=picked_up"_s, u"status=in_transit"_s, u"status=delivered"_s,
            u"note=left at reception"_s, u"photo=photo-7731.jpg"_s }));

    // Failed needs a reason; refusals change nothing.
    const QString second = u"/api/me/orders/%1/status"_s.arg(mine.at(1));
    QCOMPARE(request("POST", second, kDriver, R"({"status":"failed"})").status, 400);
    QCOMPARE(request("POST", second, kDriver, R"({"status":"cancelled"})").status, 400);
    QCOMPARE(request("POST", second, kDriver, R"({"status":"delivered"})").status, 400);
    const HttpResult failed = request(
        "POST", second, kDriver, R"({"status":"failed","reason":"address does not exist"})");
    QCOMPARE(failed.status, 200);
    QCOMPARE(failed.json.object().value("status"_L1).toString(), u"failed"_s);
    // Neither order is open any more.
    const QJsonArray open = request("GET", u"/api/me/orders"_s, kDriver).json.array();
    for (const QJsonValue &v : open)
        QVERIFY(!mine.contains(v.toObject().value("id"_L1).toString()));
    // Others' orders are not the driver's.
    const QJsonObject foreign =
        request("GET", u"/api/orders?status=new&limit=1"_s, kManager).json.array().at(0).toObject();
    const HttpResult notMine =
        request("POST", u"/api/me/orders/%1/status"_s.arg(foreign.value("id"_L1).toString()),
            kDriver, R"({"status":"picked_up"})");
    QCOMPARE(notMine.status, 403);
    QVERIFY(!notMine.body.contains("customer"));
    QCOMPARE(
        request("POST", u"/api/me/orders/ORD-99999/status"_s, kDriver, R"({"status":"picked_up"})")
            .status,
        404);

    // Its own position, through the same intake as a phone's.
    const QString at = QDateTime::fromSecsSinceEpoch(nextTime(), Qt::UTC).toString(Qt::ISODate);
    const HttpResult position = request("POST", u"/api/me/position"_s, kDriver,
        u"{\"lat\":51.55,\"lon\":-0.13,\"at\":\"%1\",\"battery\":40,\"speedKmh\":12}"_s.arg(at)
            .toUtf8());
    QCOMPARE(position.status, 200);
    QCOMPARE(position.json.object().value("status"_L1).toString(), u"accepted"_s);
    const QJsonObject row = driver(u"DRV-001"_s);
    QCOMPARE(row.value("positionSource"_L1).toString(), u"driver_api"_s);
    QVERIFY(row.value("positionDevice"_L1).isNull());
    QCOMPARE(row.value("battery"_L1).toDouble(), 40.0);
    const HttpResult again = request("POST", u"/api/me/position"_s, kDriver,
        u"{\"lat\":51.56,\"lon\":-0.13,\"at\":\"%1\"}"_s.arg(at).toUtf8());
    QCOMPARE(again.status, 200);
    QCOMPARE(again.json.object().value("status"_L1).toString(), u"ignored"_s);
    QCOMPARE(again.json.object().value("reason"_L1).toString(), u"stale"_s);
    const HttpResult bad =
        request("POST", u"/api/me/position"_s, kDriver, R"({"lat":51.5,"lon":-0.1})");
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json.object().value("reason"_L1).toString(), u"malformed"_s);
}

void tst_Drivers::outOfOrderPositionsAreNeverApplied()
{
    const qint64 t = nextTime() + 100;
    m_time = t + 100;
    const auto send = [this](qint64 at, double lat) {
        return osmand(true, "GET", u"/?"_s + report(u"demo-DRV-004"_s, at, lat));
    };
    const double stale =
        metrics(*m_server).value("opsboard_positions_rejected_total", { { "reason", "stale" } });
    QCOMPARE(send(t, 51.40).json.object().value("status"_L1).toString(), u"accepted"_s);
    // A phone flushing its queue out of order: older and equal are ignored (200, so it moves
    // on), never applied.
    for (const qint64 older : { t - 30, t }) {
        const HttpResult r = send(older, 51.41);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.object().value("status"_L1).toString(), u"ignored"_s);
        QCOMPARE(r.json.object().value("reason"_L1).toString(), u"stale"_s);
    }
    QCOMPARE(send(t + 10, 51.42).json.object().value("status"_L1).toString(), u"accepted"_s);
    QCOMPARE(send(t + 5, 51.43).json.object().value("status"_L1).toString(), u"ignored"_s);
    const QJsonObject row = driver(u"DRV-004"_s);
    QCOMPARE(row.value("lat"_L1).toDouble(), 51.42);
    QCOMPARE(row.value("positionAt"_L1).toString(),
        QDateTime::fromSecsSinceEpoch(t + 10, Qt::UTC).toString(Qt::ISODateWithMs));
    QCOMPARE(
        metrics(*m_server).value("opsboard_positions_rejected_total", { { "reason", "stale" } }),
        stale + 3);
    // The trail holds the applied ones only, oldest first.
    const QJsonArray points = request("GET",
        u"/api/drivers/DRV-004/trail?since=%1"_s.arg(
            QDateTime::fromSecsSinceEpoch(t - 60, Qt::UTC).toString(Qt::ISODate)),
        kManager)
                                  .json.object()
                                  .value("points"_L1)
                                  .toArray();
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.at(0).toObject().value("lat"_L1).toDouble(), 51.40);
    QCOMPARE(points.at(1).toObject().value("lat"_L1).toDouble(), 51.42);
}

void tst_Drivers::trailIsReadable()
{
    const qint64 t0 = nextTime();
    for (int i = 0; i < 5; ++i)
        QCOMPARE(osmand(false, "GET",
                     u"/api/osmand?"_s + report(u"demo-DRV-005"_s, t0 + i, 51.3 + i * 0.001))
                     .status,
            200);
    m_time = t0 + 10;
    const QString since = QDateTime::fromSecsSinceEpoch(t0, Qt::UTC).toString(Qt::ISODate);
    // `since` is exclusive; `limit` keeps the newest and says so.
    const HttpResult page =
        request("GET", u"/api/drivers/DRV-005/trail?since=%1&limit=2"_s.arg(since), kViewer);
    QCOMPARE(page.status, 200);
    const QJsonObject body = page.json.object();
    QCOMPARE(body.value("driverId"_L1).toString(), u"DRV-005"_s);
    QCOMPARE(body.value("truncated"_L1).toBool(), true);
    const QJsonArray points = body.value("points"_L1).toArray();
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.at(0).toObject().value("at"_L1).toString(),
        QDateTime::fromSecsSinceEpoch(t0 + 3, Qt::UTC).toString(Qt::ISODateWithMs));
    QCOMPARE(points.at(1).toObject().value("source"_L1).toString(), u"osmand"_s);
    QCOMPARE(points.at(1).toObject().value("battery"_L1).toDouble(), 66.0);
    QVERIFY(!page.headers.value("opsboard-position").isEmpty());
    // Revalidation, and the caller's regions: DRV-005 is in the north (demo regions go round).
    const QByteArray etag = page.headers.value("etag");
    QCOMPARE(request("GET", u"/api/drivers/DRV-005/trail?since=%1&limit=2"_s.arg(since), kViewer,
                 {}, { { "If-None-Match", etag } })
                 .status,
        304);
    const QString region = driver(u"DRV-006"_s).value("region"_L1).toString();
    QCOMPARE(region, u"south"_s);
    QCOMPARE(request("GET", u"/api/drivers/DRV-006/trail"_s, kDispatcher).status, 403);
    for (const QString &bad :
        { u"since=yesterday"_s, u"limit=0"_s, u"limit=99999"_s, u"colour=red"_s }) {
        QCOMPARE(request("GET", u"/api/drivers/DRV-005/trail?"_s + bad, kManager).status, 400);
    }
    QCOMPARE(request("GET", u"/api/drivers/DRV-999/trail"_s, kManager).status, 404);
}

void tst_Drivers::refusedReportsLeaveTheDatabaseByteIdentical()
{
    const QString path = m_server->databasePath();
    const QByteArray dump = sqliteDump(path);
    const QByteArray file = sqliteFileHash(path);
    const QByteArray position =
        request("GET", u"/api/orders"_s, kManager).headers.value("opsboard-position");
    QVERIFY(dump.contains("== driver_positions"));
    const Exposition before = metrics(*m_server);
    const QString current = driver(u"DRV-007"_s).value("positionAt"_L1).toString();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString key = u"demo-DRV-007"_s;

    QHash<QByteArray, int> expected; // reason → how many
    const auto refused = [&](const QByteArray &reason, int status, const HttpResult &r) {
        QCOMPARE(r.status, status);
        QCOMPARE(r.json.object().value("reason"_L1).toString(), QString::fromLatin1(reason));
        ++expected[reason];
    };
    for (const bool dedicated : { false, true }) {
        const QString at = dedicated ? u"/?"_s : u"/api/osmand?"_s;
        refused("malformed", 400, osmand(dedicated, "GET", at + u"lat=51&lon=0.1"_s));
        refused("malformed", 400,
            osmand(dedicated, "GET", at + report(key, now).replace(u"lat=51"_s, u"lat=north"_s)));
        refused(
            "malformed", 400, osmand(dedicated, "POST", at + report(key, now), "and a body", {}));
        refused("malformed", 400,
            osmand(dedicated, "POST", at.chopped(1), "{\"device_id\":", "application/json"));
        refused("out_of_range", 400, osmand(dedicated, "GET", at + report(key, now, 91)));
        refused("out_of_range", 400,
            osmand(dedicated, "GET", at + report(key, now).replace(u"batt=66"_s, u"batt=150"_s)));
        refused("out_of_range", 400, osmand(dedicated, "GET", at + report(key, now, 0, 0)));
        refused("future", 400, osmand(dedicated, "GET", at + report(key, now + 3600)));
        refused("unknown_device", 404, osmand(dedicated, "GET", at + report(u"guess"_s, now)));
        refused("stale", 200,
            osmand(dedicated, "GET",
                at
                    + report(key,
                        QDateTime::fromString(current, Qt::ISODateWithMs).toSecsSinceEpoch())));
        refused("invalid_fix", 200,
            osmand(dedicated, "GET", at + report(key, now) + u"&valid=false"_s));
    }
    refused("malformed", 400, request("POST", u"/api/me/position"_s, kDriver, R"({"lat":1})"));
    refused("out_of_range", 400,
        request("POST", u"/api/me/position"_s, kDriver,
            u"{\"lat\":1,\"lon\":2,\"at\":\"%1\",\"battery\":101}"_s
                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))
                .toUtf8()));
    // Oversized: the listener answers before any route.
    const HttpResult big =
        osmand(true, "POST", u"/"_s, "id=x&pad=" + QByteArray(70 * 1024, 'x'), "text/plain");
    QCOMPARE(big.status, 413);
    // Bad management writes and driver reports change nothing either.
    QCOMPARE(
        request("POST", u"/api/drivers"_s, kManager, R"({"name":"X","region":"a b"})").status, 400);
    QCOMPARE(
        request("PATCH", u"/api/drivers/DRV-007"_s, kManager, R"({"id":"DRV-1"})").status, 400);
    QCOMPARE(request("PATCH", u"/api/drivers/DRV-007"_s, kManager, R"({"name":"Y"})",
                 { { "If-Match", "\"999\"" } })
                 .status,
        409);
    QCOMPARE(
        request("PATCH", u"/api/drivers/DRV-007"_s, kDispatcher, R"({"name":"Y"})").status, 403);
    QCOMPARE(request("POST", u"/api/drivers/DRV-999/devices"_s, kManager, {}).status, 404);
    QCOMPARE(request("DELETE", u"/api/drivers/DRV-007/devices/DEV-000000000000"_s, kManager).status,
        404);
    QCOMPARE(request("POST", u"/api/me/orders/ORD-00001/status"_s, kDriver, R"({"status":"lost"})")
                 .status,
        400);

    QCOMPARE(sqliteDump(path), dump);
    QCOMPARE(sqliteFileHash(path), file);
    QCOMPARE(
        request("GET", u"/api/orders"_s, kManager).headers.value("opsboard-position"), position);
    const Exposition after = metrics(*m_server);
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QMap<QByteArray, QByteArray> label { { "reason", it.key() } };
        QCOMPARE(after.value("opsboard_positions_rejected_total", label),
            before.value("opsboard_positions_rejected_total", label) + it.value());
    }
    // The server keeps serving: a good report still goes in.
    QCOMPARE(osmand(true, "GET", u"/?"_s + report(key, nextTime()))
                 .json.object()
                 .value("status"_L1)
                 .toString(),
        u"accepted"_s);
}

void tst_Drivers::deviceRateLimit()
{
    // A server of its own: 2 reports per device at once, one more every 100 ms.
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0,
                 { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s, u"0"_s,
                     u"--drivers"_s, u"2"_s, u"--position-burst"_s, u"2"_s,
                     u"--position-interval"_s, u"100"_s }),
        qPrintable(server.errorString()));
    qint64 t = QDateTime::currentSecsSinceEpoch() + 1; // after the seeded positions
    const auto send = [&](const QString &key) {
        return osmand(server, false, "GET", u"/api/osmand?"_s + report(key, ++t));
    };
    QCOMPARE(send(u"demo-DRV-001"_s).status, 200);
    QCOMPARE(send(u"demo-DRV-001"_s).status, 200);
    const QByteArray dump = sqliteDump(server.databasePath());
    const HttpResult limited = send(u"demo-DRV-001"_s);
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.error(), u"rate_limited"_s);
    QCOMPARE(limited.json.object().value("reason"_L1).toString(), u"rate_limited_device"_s);
    QVERIFY(limited.headers.value("retry-after").toInt() >= 1);
    QCOMPARE(sqliteDump(server.databasePath()), dump);
    // Another device is not held up by it.
    QCOMPARE(send(u"demo-DRV-002"_s).status, 200);
    QCOMPARE(metrics(server).value(
                 "opsboard_positions_rejected_total", { { "reason", "rate_limited_device" } }),
        1.0);
    // The device's next token comes one interval later (each try is a report: it is sent
    // again only until one is accepted).
    bool accepted = false;
    QTRY_VERIFY_WITH_TIMEOUT(accepted || (accepted = send(u"demo-DRV-001"_s).status == 200), 5000);
}

void tst_Drivers::addressRateLimit()
{
    // A server of its own: 4 reports per address at once, one more every 100 ms; devices
    // themselves unlimited.
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(
        server.start(0,
            { u"--demo"_s, u"--no-sim"_s, u"--alert-interval"_s, u"0"_s, u"--orders"_s, u"0"_s,
                u"--drivers"_s, u"2"_s, u"--position-address-burst"_s, u"4"_s,
                u"--position-address-interval"_s, u"100"_s, u"--position-burst"_s, u"1000"_s }),
        qPrintable(server.errorString()));
    qint64 t = QDateTime::currentSecsSinceEpoch() + 1; // after the seeded positions
    // Made-up keys cost the address its tokens too (each one a lookup): a scan is stopped.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(osmand(server, false, "GET", u"/api/osmand?"_s + report(u"guess-%1"_s.arg(i), ++t))
                     .status,
            404);
    const HttpResult limited =
        osmand(server, false, "GET", u"/api/osmand?"_s + report(u"demo-DRV-001"_s, ++t));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.json.object().value("reason"_L1).toString(), u"rate_limited_address"_s);
    QVERIFY(limited.headers.value("retry-after").toInt() >= 1);
    // The driver API shares the address's budget.
    const HttpResult api =
        sendHttp(m_nam, "POST", QUrl(server.baseUrl().toString() + u"/api/me/position"_s), kDriver,
            u"{\"lat\":51.5,\"lon\":-0.1,\"at\":\"%1\"}"_s
                .arg(QDateTime::fromSecsSinceEpoch(++t, Qt::UTC).toString(Qt::ISODate))
                .toUtf8());
    QCOMPARE(api.status, 429);
    const Exposition m = metrics(server);
    QCOMPARE(m.value("opsboard_positions_rejected_total", { { "reason", "rate_limited_address" } }),
        2.0);
    QCOMPARE(m.value("opsboard_positions_rejected_total", { { "reason", "unknown_device" } }), 4.0);
    QCOMPARE(m.value("opsboard_positions_accepted_total", { { "source", "osmand" } }), 0.0);
    bool accepted = false;
    QTRY_VERIFY_WITH_TIMEOUT(accepted
            || (accepted =
                    osmand(server, false, "GET", u"/api/osmand?"_s + report(u"demo-DRV-001"_s, ++t))
                        .status
                    == 200),
        5000);
}

void tst_Drivers::demoDriversReportThroughTheIntake()
{
    // The demo's drivers report through the OsmAnd intake, with their printed keys.
    ServerProcess server(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(server.start(0,
                 { u"--demo"_s, u"--sim-interval"_s, u"20"_s, u"--orders"_s, u"10"_s,
                     u"--drivers"_s, u"4"_s, u"--alert-interval"_s, u"0"_s }),
        qPrintable(server.errorString()));
    QVERIFY(server.waitForOutput("demo device key DRV-004: demo-DRV-004"));
    QTRY_VERIFY_WITH_TIMEOUT(
        metrics(server).value("opsboard_positions_accepted_total", { { "source", "osmand" } })
            >= 20,
        15000);
    const Exposition m = metrics(server);
    QCOMPARE(m.sum("opsboard_positions_rejected_total"), 0.0);
    int reported = 0;
    const QJsonArray drivers =
        sendHttp(m_nam, "GET", QUrl(server.baseUrl().toString() + u"/api/drivers"_s), kManager)
            .json.array();
    for (const QJsonValue &v : drivers) {
        const QJsonObject d = v.toObject();
        if (d.value("positionSource"_L1).toString() != "osmand"_L1)
            continue;
        ++reported;
        QCOMPARE(d.value("positionDevice"_L1).toString(),
            d.value("devices"_L1).toArray().at(0).toObject().value("id"_L1).toString());
    }
    QVERIFY(reported >= 1);
    // A phone with a demo key is just another device: it reports the same way.
    const HttpResult phone = osmand(server, false, "GET",
        u"/api/osmand?"_s + report(u"demo-DRV-003"_s, QDateTime::currentSecsSinceEpoch() + 60));
    QCOMPARE(phone.status, 200);
}

QTEST_GUILESS_MAIN(tst_Drivers)
#include "tst_drivers.moc"
