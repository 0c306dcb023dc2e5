// Order views over HTTP (a real OpsServer on loopback): drivers ranked by time to an order
// (`GET /api/orders/<id>/candidates`, also with a routing service), the at-risk KPI, and
// finished orders ageing out of the default order list (full reads, deltas, ETags).

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include "fakeroutingserver.h"
#include "frameclient.h"
#include "server/demo/demodata.h"
#include "server/domain/orderservice.h"
#include "server/http/answercache.h"
#include "server/opsserver.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

const GeoPoint kDepot { 51.5460, -0.1238 };
const GeoPoint kDropoff { 51.5390, -0.1030 };

Driver driverAt(const QString &id, const QString &region, DriverStatus status, GeoPoint at)
{
    Driver d;
    d.id = id;
    d.name = u"Driver %1"_s.arg(id.right(1));
    d.region = region;
    d.status = status;
    d.lat = at.lat;
    d.lon = at.lon;
    d.lastSeenAt = QDateTime::currentDateTimeUtc();
    d.positionAt = d.lastSeenAt;
    d.version = 1;
    return d;
}

Order orderOf(const QString &id, OrderStatus status, const QDateTime &due, const QDateTime &updated,
    const QString &driver = {})
{
    Order o;
    o.id = id;
    o.customer = u"Acme Bakery"_s;
    o.region = u"north"_s;
    o.pickup = u"North Depot"_s;
    o.pickupAt = kDepot;
    o.dropoff = u"1 Upper St"_s;
    o.dropoffAt = kDropoff;
    o.status = status;
    o.driverId = driver;
    o.amountCents = 1000;
    o.dueAt = due;
    o.updatedAt = updated;
    o.version = 1;
    return o;
}

} // namespace

class tst_OrderViews : public QObject
{
    Q_OBJECT

private:
    HttpResult get(const QString &path, const QString &token = u"demo-manager"_s,
        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    static QStringList ids(const QJsonArray &rows, QLatin1StringView key = "id"_L1);

    QTemporaryDir m_dir;
    std::unique_ptr<OpsServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    QDateTime m_now;

private Q_SLOTS:
    void init();
    void cleanup();
    void candidatesAreRankedByTimeToTheOrder();
    void candidatesWithARoutingService();
    void kpisCountOrdersAtRisk();
    void finishedOrdersAgeOutOfTheDefaultList();
    void deltasNameTheOrdersThatAgedOut();
    void identicalReadsShareOneAnswer();
};

HttpResult tst_OrderViews::get(
    const QString &path, const QString &token, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    return sendHttp(
        m_nam, "GET", QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)), token, {}, headers);
}

QStringList tst_OrderViews::ids(const QJsonArray &rows, QLatin1StringView key)
{
    QStringList out;
    for (const QJsonValue &row : rows)
        out.append(row.isObject() ? row.toObject().value(key).toString() : row.toString());
    return out;
}

void tst_OrderViews::init()
{
    QVERIFY(m_dir.isValid());
    m_nam.setProxy(QNetworkProxy::NoProxy);
    m_now = QDateTime::currentDateTimeUtc();
    m_server = std::make_unique<OpsServer>();
    m_server->setAuth(Demo::users());
    QVERIFY(m_server
                ->openStore(m_dir.filePath(
                    u"%1.sqlite"_s.arg(QLatin1StringView(QTest::currentTestFunction()))))
                .ok());
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
}

void tst_OrderViews::cleanup()
{
    m_nam.clearConnectionCache();
    m_server.reset();
}

void tst_OrderViews::candidatesAreRankedByTimeToTheOrder()
{
    Store &store = m_server->store();
    Store::InitialState state;
    state.drivers = {
        // About 2.3 km, 0.6 km and 5 km from the depot; one of them busy; one offline right
        // next to it; one in the south (out of the dispatcher's regions).
        driverAt(u"DRV-001"_s, u"north"_s, DriverStatus::Idle, { 51.5390, -0.1426 }),
        driverAt(u"DRV-002"_s, u"east"_s, DriverStatus::EnRoute, { 51.5420, -0.1180 }),
        driverAt(u"DRV-003"_s, u"north"_s, DriverStatus::OnBreak, { 51.5850, -0.1500 }),
        driverAt(u"DRV-004"_s, u"north"_s, DriverStatus::Offline, { 51.5461, -0.1239 }),
        driverAt(u"DRV-005"_s, u"south"_s, DriverStatus::Idle, { 51.5450, -0.1250 }),
    };
    state.orders = {
        orderOf(u"ORD-00001"_s, OrderStatus::New, m_now.addSecs(3600), m_now),
        orderOf(u"ORD-00002"_s, OrderStatus::Assigned, m_now.addSecs(3600), m_now, u"DRV-002"_s),
        orderOf(u"ORD-00003"_s, OrderStatus::InTransit, m_now.addSecs(3600), m_now, u"DRV-002"_s),
        orderOf(u"ORD-00004"_s, OrderStatus::Delivered, m_now.addSecs(3600), m_now, u"DRV-001"_s),
    };
    QVERIFY(store.insertInitialState(state).ok());

    const HttpResult r = get(u"/api/orders/ORD-00001/candidates"_s, u"demo-dispatcher"_s);
    QCOMPARE(r.status, 200);
    QVERIFY(r.headers.contains("opsboard-position"));
    const QJsonArray rows = r.json.array();
    // Quickest first; offline and out-of-region drivers are not offered.
    QCOMPARE(ids(rows, "driverId"_L1), (QStringList { u"DRV-002"_s, u"DRV-001"_s, u"DRV-003"_s }));
    const TravelModel &model = m_server->travelTimes().model();
    qint64 previous = -1;
    for (const QJsonValue &v : rows) {
        const QJsonObject c = v.toObject();
        const Driver d = *store.drivers().get(c.value("driverId"_L1).toString());
        const double seconds = model.seconds(GeoPoint { d.lat, d.lon }, kDepot, u"north"_s);
        QCOMPARE(c.value("travelSeconds"_L1).toInteger(), qint64(std::llround(seconds)));
        QCOMPARE(c.value("minutesAway"_L1).toInteger(), (qint64(std::llround(seconds)) + 30) / 60);
        QVERIFY(c.value("travelSeconds"_L1).toInteger() >= previous);
        previous = c.value("travelSeconds"_L1).toInteger();
        QCOMPARE(c.value("stop"_L1).toString(), u"pickup"_s);
        QCOMPARE(c.value("estimate"_L1).toBool(), true);
        QCOMPARE(c.value("status"_L1).toString(), toString(d.status));
        QCOMPARE(c.value("name"_L1).toString(), d.name);
        const QDateTime eta =
            QDateTime::fromString(c.value("etaAt"_L1).toString(), Qt::ISODateWithMs);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addSecs(qint64(seconds)).secsTo(eta)) < 5);
    }
    // What each already carries (open orders only).
    QCOMPARE(rows.at(0).toObject().value("openOrders"_L1).toInt(), 2);
    QCOMPARE(rows.at(1).toObject().value("openOrders"_L1).toInt(), 0);
    // "Driver 1 · idle · 7 min away": 1.5 km as the crow flies, × 1.4 at 18 km/h.
    QCOMPARE(rows.at(1).toObject().value("minutesAway"_L1).toInt(), 7);

    // The manager sees every region; a limit keeps the quickest.
    const HttpResult all = get(u"/api/orders/ORD-00001/candidates?limit=2"_s);
    QCOMPARE(ids(all.json.array(), "driverId"_L1), (QStringList { u"DRV-005"_s, u"DRV-002"_s }));
    // Picked up: the time to the drop-off counts.
    const HttpResult carried = get(u"/api/orders/ORD-00003/candidates"_s);
    QCOMPARE(carried.status, 200);
    QCOMPARE(carried.json.array().at(0).toObject().value("stop"_L1).toString(), u"dropoff"_s);
    QCOMPARE(carried.json.array().at(0).toObject().value("driverId"_L1).toString(),
        u"DRV-002"_s); // 1.2 km from Upper St, the nearest there
    // Viewers read it too; what cannot be assigned, or is unknown, or badly asked is refused.
    QCOMPARE(get(u"/api/orders/ORD-00001/candidates"_s, u"demo-viewer"_s).status, 200);
    QCOMPARE(get(u"/api/orders/ORD-00004/candidates"_s).status, 400);
    QCOMPARE(get(u"/api/orders/ORD-99999/candidates"_s).status, 404);
    QCOMPARE(get(u"/api/orders/ORD-00001/candidates?limit=0"_s).status, 400);
    QCOMPARE(get(u"/api/orders/ORD-00001/candidates?near=1"_s).status, 400);
    QCOMPARE(get(u"/api/orders/ORD-00001/candidates"_s, u"nobody"_s).status, 401);
    // A south order is outside the dispatcher's regions.
    state = {};
    Order south = orderOf(u"ORD-00005"_s, OrderStatus::New, m_now.addSecs(3600), m_now);
    south.region = u"south"_s;
    state.orders = { south };
    QVERIFY(store.insertInitialState(state).ok());
    QCOMPARE(get(u"/api/orders/ORD-00005/candidates"_s, u"demo-dispatcher"_s).status, 403);
}

void tst_OrderViews::candidatesWithARoutingService()
{
    FakeRoutingServer routing;
    QVERIFY(routing.listen());
    RoutingSettings settings;
    settings.url = routing.url();
    m_server->travelTimes().setRouting(settings);
    Store::InitialState state;
    state.drivers = {
        driverAt(u"DRV-001"_s, u"north"_s, DriverStatus::Idle, { 51.5390, -0.1426 }),
        driverAt(u"DRV-002"_s, u"north"_s, DriverStatus::Idle, { 51.5420, -0.1180 }),
    };
    state.orders = { orderOf(u"ORD-00001"_s, OrderStatus::New, m_now.addSecs(3600), m_now) };
    QVERIFY(m_server->store().insertInitialState(state).ok());
    // The answer never waits for the service: the first one is the built-in estimate, and the
    // service is asked in the background...
    const HttpResult first = get(u"/api/orders/ORD-00001/candidates"_s);
    QCOMPARE(first.status, 200);
    for (const QJsonValue &c : first.json.array())
        QCOMPARE(c.toObject().value("estimate"_L1).toBool(), true);
    QTRY_COMPARE(routing.requests(), 1);
    QTRY_COMPARE(m_server->travelTimes().stats().answered, 1);
    // ...so the next one is routed.
    const HttpResult second = get(u"/api/orders/ORD-00001/candidates"_s);
    const QJsonArray rows = second.json.array();
    QCOMPARE(rows.size(), 2);
    for (const QJsonValue &v : rows) {
        const QJsonObject c = v.toObject();
        QCOMPARE(c.value("estimate"_L1).toBool(), false);
        const Driver d = *m_server->store().drivers().get(c.value("driverId"_L1).toString());
        const double seconds =
            routing.secondsFor(TravelModel::distanceKm(GeoPoint { d.lat, d.lon }, kDepot));
        QVERIFY(qAbs(c.value("travelSeconds"_L1).toDouble() - seconds) <= 1);
    }
    QCOMPARE(routing.requests(), 1);
}

void tst_OrderViews::kpisCountOrdersAtRisk()
{
    Store::InitialState state;
    Order soon = orderOf(u"ORD-00001"_s, OrderStatus::New, m_now.addSecs(10 * 60), m_now);
    Order predicted =
        orderOf(u"ORD-00002"_s, OrderStatus::Assigned, m_now.addSecs(40 * 60), m_now, u"D"_s);
    predicted.etaAt = m_now.addSecs(45 * 60);
    predicted.etaEstimate = true;
    Order onTime =
        orderOf(u"ORD-00003"_s, OrderStatus::Assigned, m_now.addSecs(40 * 60), m_now, u"D"_s);
    onTime.etaAt = m_now.addSecs(20 * 60);
    Order later = orderOf(u"ORD-00004"_s, OrderStatus::New, m_now.addSecs(40 * 60), m_now);
    Order late = orderOf(u"ORD-00005"_s, OrderStatus::New, m_now.addSecs(-60), m_now);
    Order done = orderOf(u"ORD-00006"_s, OrderStatus::Delivered, m_now.addSecs(5 * 60), m_now);
    state.orders = { soon, predicted, onTime, later, late, done };
    QVERIFY(m_server->store().insertInitialState(state).ok());
    const HttpResult r = get(u"/api/kpis"_s);
    QCOMPARE(r.status, 200);
    const auto kpis = Kpis::fromJson(r.json.object(), nullptr);
    QVERIFY(kpis);
    QCOMPARE(kpis->openOrders, 5);
    QCOMPARE(kpis->late, 1);
    QCOMPARE(kpis->atRisk, 2); // due within 15 min, and predicted late; not the late one
    QCOMPARE(kpis->atRiskMinutes, 15);
    QVERIFY(qAbs(kpis->asOf.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    // The threshold is the server's setting.
    m_server->setOrderViews(OrderViewSettings { std::chrono::minutes(45), {} });
    const auto wider = Kpis::fromJson(get(u"/api/kpis"_s).json.object(), nullptr);
    QCOMPARE(wider->atRisk, 4);
    QCOMPARE(wider->atRiskMinutes, 45);
}

void tst_OrderViews::finishedOrdersAgeOutOfTheDefaultList()
{
    Store::InitialState state;
    state.orders = {
        orderOf(u"ORD-00001"_s, OrderStatus::Delivered, m_now, m_now.addSecs(-3 * 3600)),
        orderOf(u"ORD-00002"_s, OrderStatus::Cancelled, m_now, m_now.addSecs(-10 * 60)),
        orderOf(u"ORD-00003"_s, OrderStatus::New, m_now, m_now.addSecs(-5 * 3600)),
        orderOf(u"ORD-00004"_s, OrderStatus::Failed, m_now, m_now.addSecs(-150 * 60)),
    };
    QVERIFY(m_server->store().insertInitialState(state).ok());
    // In-process servers keep everything unless told otherwise.
    QCOMPARE(get(u"/api/orders"_s).json.array().size(), 4);
    m_server->setOrderViews(
        OrderViewSettings { std::chrono::minutes(15), std::chrono::minutes(120) });
    const HttpResult recent = get(u"/api/orders"_s);
    QCOMPARE(recent.status, 200);
    // Open orders stay however old; finished ones for two hours after their last change.
    QCOMPARE(ids(recent.json.array()), (QStringList { u"ORD-00002"_s, u"ORD-00003"_s }));
    QCOMPARE(recent.headers.value("opsboard-total-count"), "2"_ba);
    QCOMPARE(ids(get(u"/api/orders?finished=recent"_s).json.array()), ids(recent.json.array()));
    QCOMPARE(get(u"/api/orders?finished=all"_s).json.array().size(), 4);
    QCOMPARE(ids(get(u"/api/orders?finished=all&status=delivered,failed"_s).json.array()),
        (QStringList { u"ORD-00001"_s, u"ORD-00004"_s }));
    QCOMPARE(get(u"/api/orders?finished=old"_s).status, 400);
    // Filters apply on top of the ageing.
    QCOMPARE(ids(get(u"/api/orders?status=delivered,cancelled"_s).json.array()),
        QStringList { u"ORD-00002"_s });
    // Ageing changes the list without an event, so the ETag says how many rows it has: a
    // list that lost a row is never answered 304.
    const QByteArray etag = recent.headers.value("etag");
    QCOMPARE(get(u"/api/orders"_s, u"demo-manager"_s, { { "If-None-Match", etag } }).status, 304);
    m_server->setOrderViews(
        OrderViewSettings { std::chrono::minutes(15), std::chrono::minutes(5) });
    const HttpResult aged = get(u"/api/orders"_s, u"demo-manager"_s, { { "If-None-Match", etag } });
    QCOMPARE(aged.status, 200);
    QCOMPARE(ids(aged.json.array()), QStringList { u"ORD-00003"_s });
}

void tst_OrderViews::deltasNameTheOrdersThatAgedOut()
{
    Store &store = m_server->store();
    m_server->setOrderViews(
        OrderViewSettings { std::chrono::minutes(15), std::chrono::minutes(120) });
    Store::InitialState state;
    state.orders = {
        // Visible half an hour ago, aged since.
        orderOf(u"ORD-00001"_s, OrderStatus::Delivered, m_now, m_now.addSecs(-130 * 60)),
        // Aged long before.
        orderOf(u"ORD-00002"_s, OrderStatus::Delivered, m_now, m_now.addSecs(-200 * 60)),
        // Still visible.
        orderOf(u"ORD-00003"_s, OrderStatus::Cancelled, m_now, m_now.addSecs(-60 * 60)),
        orderOf(u"ORD-00004"_s, OrderStatus::New, m_now.addSecs(3600), m_now),
    };
    QVERIFY(store.insertInitialState(state).ok());
    // Without an event to date `since`, the answer is the full list.
    QVERIFY(get(u"/api/orders?since=0"_s).json.isArray());
    QVERIFY(OrderService(store).setStatus(u"ORD-00004"_s, OrderStatus::Assigned, 1, u"t"_s).ok());
    const qint64 since = store.log().head().seq;
    {
        // The client's list is from the time of that event: pretend it was half an hour ago.
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE event_log SET ts = '%1' WHERE seq = %2"_s
                           .arg(m_now.addSecs(-30 * 60).toString(Qt::ISODateWithMs))
                           .arg(since)));
    }
    QVERIFY(OrderService(store).setStatus(u"ORD-00004"_s, OrderStatus::PickedUp, 2, u"t"_s).ok());
    const HttpResult delta = get(u"/api/orders?since=%1"_s.arg(since));
    QCOMPARE(delta.status, 200);
    QVERIFY(delta.json.isObject());
    const QJsonObject body = delta.json.object();
    QCOMPARE(ids(body.value("changed"_L1).toArray()), QStringList { u"ORD-00004"_s });
    // The one that aged in between goes, the one aged before is not the client's business.
    QCOMPARE(ids(body.value("deleted"_L1).toArray()), QStringList { u"ORD-00001"_s });
    // Applying the delta to the list of then gives the list of now.
    QCOMPARE(
        ids(get(u"/api/orders"_s).json.array()), (QStringList { u"ORD-00003"_s, u"ORD-00004"_s }));
    // Once the event of `since` is trimmed away, nothing dates it: the full list again.
    QVERIFY(store.log().trim(1) >= 0);
    QVERIFY(get(u"/api/orders?since=%1"_s.arg(since)).json.isArray());
}

void tst_OrderViews::identicalReadsShareOneAnswer()
{
    // After an import every client reads the same delta at once: the server reads and encodes
    // it once, gives every caller the same bytes, deflated for those that take it, and reads
    // again as soon as anything was written.
    Store &store = m_server->store();
    Store::InitialState state;
    for (int i = 1; i <= 200; ++i) {
        state.orders.append(orderOf(u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0')), OrderStatus::New,
            m_now.addSecs(3600), m_now));
    }
    QVERIFY(store.insertInitialState(state).ok());
    QVERIFY(OrderService(store).setStatus(u"ORD-00001"_s, OrderStatus::Cancelled, 1, u"t"_s).ok());
    const qint64 since = store.log().head().seq - 1;
    const auto counted = [this](const char *answer) {
        const QByteArray wanted =
            QByteArray("opsboard_list_answers_total{answer=\"") + answer + "\"} ";
        for (const QByteArray &line : m_server->metrics().exposition().split('\n')) {
            if (line.startsWith(wanted))
                return line.mid(wanted.size()).toInt();
        }
        return -1;
    };
    const int reads = counted("read");
    const int shared = counted("shared");
    const QString path = u"/api/orders?since=%1"_s.arg(since);
    const HttpResult first = get(path);
    const HttpResult second = get(path);
    QCOMPARE(first.status, 200);
    QCOMPARE(
        ids(first.json.object().value("changed"_L1).toArray()), QStringList { u"ORD-00001"_s });
    QCOMPARE(second.body, first.body);
    QCOMPARE(second.headers.value("opsboard-position"), first.headers.value("opsboard-position"));
    QCOMPARE(counted("read"), reads + 1);
    QCOMPARE(counted("shared"), shared + 1);
    // Another caller's regions are another answer.
    QCOMPARE(get(path, u"demo-dispatcher"_s).status, 200);
    QCOMPARE(counted("read"), reads + 2);

    // The full list is large: deflated for a caller that takes it (as QNetworkAccessManager
    // asks by itself), the same JSON once inflated; as it is for one that does not.
    const HttpResult plain =
        get(u"/api/orders"_s, u"demo-manager"_s, { { "Accept-Encoding", "identity" } });
    QVERIFY(plain.body.size() >= AnswerCache::DeflateFrom);
    QVERIFY(plain.headers.value("content-encoding").isEmpty());
    const HttpResult deflated =
        get(u"/api/orders"_s, u"demo-manager"_s, { { "Accept-Encoding", "gzip;q=0.5, deflate" } });
    QCOMPARE(deflated.status, 200);
    QCOMPARE(deflated.headers.value("content-encoding"), "deflate"_ba);
    QCOMPARE(deflated.headers.value("vary"), "Accept-Encoding"_ba);
    QVERIFY(deflated.body.size() < plain.body.size() / 4);
    QByteArray framed(4, '\0');
    qToBigEndian(quint32(plain.body.size()), framed.data());
    QCOMPARE(qUncompress(framed + deflated.body), plain.body);
    QVERIFY(get(u"/api/orders"_s, u"demo-manager"_s, { { "Accept-Encoding", "deflate;q=0" } })
                .headers.value("content-encoding")
                .isEmpty());

    // A write moves the head on: the same read is read again and shows it.
    QVERIFY(OrderService(store).setStatus(u"ORD-00002"_s, OrderStatus::Cancelled, 1, u"t"_s).ok());
    const HttpResult after = get(path);
    QCOMPARE(ids(after.json.object().value("changed"_L1).toArray()),
        (QStringList { u"ORD-00001"_s, u"ORD-00002"_s }));
    QVERIFY(after.headers.value("opsboard-position") != first.headers.value("opsboard-position"));
}

QTEST_GUILESS_MAIN(tst_OrderViews)
#include "tst_orderviews.moc"
