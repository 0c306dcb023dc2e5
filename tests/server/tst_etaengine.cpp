// EtaEngine over a real SQLite store: ETAs from positions and assignments, the write rule
// (a minute, the estimate flag), the throttle, the routing service and its fallback, and the
// predicted-late alert raised from the ETAs.

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "fakeroutingserver.h"
#include "server/domain/alertengine.h"
#include "server/domain/alertservice.h"
#include "server/domain/etaengine.h"
#include "server/domain/orderservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

const GeoPoint kDepot { 51.5460, -0.1238 }; // York Way
const GeoPoint kDropoff { 51.5390, -0.1030 }; // Upper St
const GeoPoint kStart { 51.5390, -0.1426 }; // Camden High St

} // namespace

class tst_EtaEngine : public QObject
{
    Q_OBJECT

private:
    //! A fresh store with driver DRV-001 at kStart (idle, north) and DRV-002 far away.
    void openStore(Store &store, const QString &name);
    //! Orders of \a store, on the test's day (m_now).
    [[nodiscard]] OrderService ordersOf(Store &store) const;
    //! Creates an order of north, due at \a due, picked up at the depot, and assigns \a driver.
    Order assignedOrder(Store &store, const QDateTime &due, const QString &driver);
    //! Moves \a driver to \a at (a position report through the live path).
    static void move(Store &store, const QString &driver, GeoPoint at);
    //! The built-in ETA of an order not yet picked up, for a driver at \a from, as of \a now.
    static QDateTime expectedEta(const TravelModel &model, GeoPoint from, const QDateTime &now);

    QTemporaryDir m_dir;
    QDateTime m_now = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void assignmentGivesAnEtaAsAVersionedWrite();
    void onlyChangesSomebodyCanSeeAreWritten();
    void positionReportsAreThrottledPerDriver();
    void reportsOfDriversWithoutOrdersReadNothing();
    void finishingOrUnassigningEndsTheEta();
    void routedEtasAndTheFallback();
    void etaWritesDoNotMakeDispatchersConflict();
    void predictedLateAlert();
};

OrderService tst_EtaEngine::ordersOf(Store &store) const
{
    OrderService orders(store);
    orders.setClock([now = m_now] { return now; });
    return orders;
}

void tst_EtaEngine::openStore(Store &store, const QString &name)
{
    QVERIFY(store.open(m_dir.filePath(name)).ok());
    Store::InitialState state;
    const auto driver = [this](const QString &id, const QString &name, const QString &region,
                            double lat, double lon) {
        Driver d;
        d.id = id;
        d.name = name;
        d.region = region;
        d.status = DriverStatus::Idle;
        d.lat = lat;
        d.lon = lon;
        d.lastSeenAt = m_now;
        d.positionAt = m_now;
        d.version = 1;
        return d;
    };
    state.drivers = {
        driver(u"DRV-001"_s, u"Ava Costa"_s, u"north"_s, kStart.lat, kStart.lon),
        driver(u"DRV-002"_s, u"Ben Adams"_s, u"south"_s, 51.4690, -0.1130),
    };
    QVERIFY(store.insertInitialState(state).ok());
}

Order tst_EtaEngine::assignedOrder(Store &store, const QDateTime &due, const QString &driver)
{
    Order draft;
    draft.customer = u"Acme Bakery"_s;
    draft.region = u"north"_s;
    draft.pickup = u"North Depot"_s;
    draft.pickupAt = kDepot;
    draft.dropoff = u"1 Upper St"_s;
    draft.dropoffAt = kDropoff;
    draft.dueAt = due;
    const auto created = ordersOf(store).create(draft, u"t"_s);
    [&] { QVERIFY(created.ok()); }();
    const auto assigned = ordersOf(store).change(
        created.item->id, { OrderStatus::Assigned, driver }, std::nullopt, u"t"_s);
    [&] { QVERIFY(assigned.ok()); }();
    return *assigned.item;
}

void tst_EtaEngine::move(Store &store, const QString &driver, GeoPoint at)
{
    Driver moved = *store.drivers().get(driver);
    moved.lat = at.lat;
    moved.lon = at.lon;
    moved.status = DriverStatus::EnRoute;
    [&] { QVERIFY(store.drivers().updateLive(moved, u"gps"_s).ok()); }();
}

QDateTime tst_EtaEngine::expectedEta(const TravelModel &model, GeoPoint from, const QDateTime &now)
{
    const double seconds =
        model.seconds(from, kDepot, u"north"_s) + model.seconds(kDepot, kDropoff, u"north"_s);
    return now.addMSecs(qint64(std::llround(seconds * 1000)));
}

void tst_EtaEngine::assignmentGivesAnEtaAsAVersionedWrite()
{
    Store store;
    openStore(store, u"assign.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setClock([this] { return m_now; });
    engine.start();
    QSignalSpy events(&store, &Store::eventAppended);
    const Order order = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    // Recomputed right after the assignment (no throttle), written one version up.
    QTRY_VERIFY(store.orders().get(order.id)->hasEta());
    const Order withEta = *store.orders().get(order.id);
    QCOMPARE(withEta.version, order.version + 1);
    QVERIFY(withEta.etaEstimate);
    QCOMPARE(withEta.etaAt, expectedEta(travel.model(), kStart, m_now));
    // Through the driver, the depot and the drop-off: 1.1 + 1.6 km at 18 km/h × 1.4, ~13 min.
    QVERIFY(m_now.secsTo(withEta.etaAt) > 10 * 60 && m_now.secsTo(withEta.etaAt) < 16 * 60);
    // One order.updated carrying the ETA and the write time, and no audit row.
    const ChangeEvent last = events.constLast().at(0).value<ChangeEvent>();
    QCOMPARE(last.type, u"order.updated"_s);
    QCOMPARE(last.id, order.id);
    QCOMPARE(last.version, withEta.version);
    QCOMPARE(last.fields.value("etaAt"_L1).toString(), withEta.etaAt.toString(Qt::ISODateWithMs));
    QCOMPARE(last.fields.value("etaEstimate"_L1).toBool(), true);
    QVERIFY(last.fields.contains("updatedAt"_L1));
    QVERIFY(!last.fields.contains("status"_L1));
    QCOMPARE(store.orders().history(order.id).size(), 3); // created, status, driver
    QCOMPARE(store.orders().get(order.id)->toJson().value("etaEstimate"_L1).toBool(), true);
    QCOMPARE(engine.stats().written, 1);
    // The activity feed lists what people and the lifecycle did, not ETA refreshes.
    const auto feed = store.log().recent({}, {}, 10);
    QCOMPARE(feed.items.size(), 2);
    QCOMPARE(feed.items.at(0).value("field"_L1).toString(), u"status"_s);
    QCOMPARE(feed.items.at(0).value("version"_L1).toInteger(), order.version);
}

void tst_EtaEngine::onlyChangesSomebodyCanSeeAreWritten()
{
    Store store;
    openStore(store, u"rule.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setThrottle(10ms);
    engine.setClock([this] { return m_now; });
    engine.start();
    const Order order = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    QTRY_VERIFY(store.orders().get(order.id)->hasEta());
    const qint64 version = store.orders().get(order.id)->version;
    QSignalSpy recomputed(&engine, &EtaEngine::recomputed);
    // 50 m closer: about 10 s less; recomputed, not written.
    move(store, u"DRV-001"_s, GeoPoint { kStart.lat + 0.0002, kStart.lon + 0.0006 });
    QTRY_COMPARE(recomputed.size(), 1);
    QCOMPARE(recomputed.at(0).at(1).toInt(), 0);
    QCOMPARE(store.orders().get(order.id)->version, version);
    QVERIFY(engine.stats().unchanged >= 1);
    // Time passes without a move: the ETA slides by 50 s less the ~13 s the step saved (under
    // a minute), then by 80 s less them (over it).
    m_now = m_now.addSecs(50);
    move(store, u"DRV-001"_s, GeoPoint { kStart.lat + 0.0002, kStart.lon + 0.0006 });
    QTRY_COMPARE(recomputed.size(), 2);
    QCOMPARE(store.orders().get(order.id)->version, version);
    m_now = m_now.addSecs(30);
    move(store, u"DRV-001"_s, GeoPoint { kStart.lat + 0.0002, kStart.lon + 0.0006 });
    QTRY_COMPARE(recomputed.size(), 3);
    QCOMPARE(recomputed.at(2).at(1).toInt(), 1);
    QCOMPARE(store.orders().get(order.id)->version, version + 1);
    // A big move (a wrong turn, 2 km away) is written at once.
    move(store, u"DRV-001"_s, GeoPoint { 51.5600, -0.1426 });
    QTRY_COMPARE(store.orders().get(order.id)->version, version + 2);
    QCOMPARE(store.orders().get(order.id)->etaAt,
        expectedEta(travel.model(), GeoPoint { 51.5600, -0.1426 }, m_now));
}

void tst_EtaEngine::positionReportsAreThrottledPerDriver()
{
    Store store;
    openStore(store, u"throttle.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setThrottle(400ms);
    engine.setClock([this] { return m_now; });
    engine.start();
    QElapsedTimer sinceAssignment;
    sinceAssignment.start();
    const Order order = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    QSignalSpy recomputed(&engine, &EtaEngine::recomputed);
    QTRY_COMPARE(recomputed.size(), 1); // the assignment, at once
    // Three reports right after it: the interval since that recompute is not over, so they
    // wait for its end and become one recompute there, from the last position.
    const GeoPoint last { 51.5600, -0.1426 };
    move(store, u"DRV-001"_s, GeoPoint { 51.5400, -0.1426 });
    move(store, u"DRV-001"_s, GeoPoint { 51.5500, -0.1426 });
    move(store, u"DRV-001"_s, last);
    QTRY_COMPARE(recomputed.size(), 2);
    // Not before the interval since the first recompute (which started after this clock).
    QVERIFY2(
        sinceAssignment.elapsed() >= 400, qPrintable(QString::number(sinceAssignment.elapsed())));
    QCOMPARE(store.orders().get(order.id)->etaAt, expectedEta(travel.model(), last, m_now));
    // Another driver's report is not held up by this driver's interval.
    const Order other = assignedOrder(store, m_now.addSecs(3600), u"DRV-002"_s);
    QTRY_COMPARE(recomputed.size(), 3);
    QCOMPARE(recomputed.at(2).at(0).toString(), u"DRV-002"_s);
    QVERIFY(store.orders().get(other.id)->hasEta());
    QCOMPARE(engine.stats().recomputes, 3);
}

void tst_EtaEngine::reportsOfDriversWithoutOrdersReadNothing()
{
    Store store;
    openStore(store, u"idle.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setThrottle(0ms);
    engine.setClock([this] { return m_now; });
    engine.start();
    QSignalSpy recomputed(&engine, &EtaEngine::recomputed);
    // The first report of a driver without an order is looked up (and finds nothing) ...
    move(store, u"DRV-002"_s, GeoPoint { 51.5500, -0.1426 });
    QTRY_COMPARE(recomputed.size(), 1);
    QCOMPARE(recomputed.at(0).at(1).toInt(), 0);
    // ... its next ones are not: nothing that could give it an order has happened since.
    move(store, u"DRV-002"_s, GeoPoint { 51.5510, -0.1426 });
    move(store, u"DRV-002"_s, GeoPoint { 51.5520, -0.1426 });
    QCOMPARE(engine.stats().idle, 2);
    QCoreApplication::processEvents();
    QCOMPARE(recomputed.size(), 1);
    // An assignment does: it gets an ETA at once, and its reports count again.
    const Order order = assignedOrder(store, m_now.addSecs(3600), u"DRV-002"_s);
    QTRY_COMPARE(recomputed.size(), 2);
    QVERIFY(store.orders().get(order.id)->hasEta());
    move(store, u"DRV-002"_s, GeoPoint { 51.5600, -0.1426 });
    QTRY_COMPARE(recomputed.size(), 3);
    QCOMPARE(recomputed.at(2).at(0).toString(), u"DRV-002"_s);
    QCOMPARE(engine.stats().idle, 2);
}

void tst_EtaEngine::finishingOrUnassigningEndsTheEta()
{
    Store store;
    openStore(store, u"finish.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setClock([this] { return m_now; });
    engine.start();
    const Order a = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    const Order b = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    QTRY_VERIFY(store.orders().get(a.id)->hasEta() && store.orders().get(b.id)->hasEta());
    QSignalSpy events(&store, &Store::eventAppended);
    // Unassigned: the ETA goes in the same write (one event, etaAt null), not in another one.
    const auto back = orders.setStatus(a.id, OrderStatus::New, std::nullopt, u"t"_s);
    QVERIFY(back.ok());
    QVERIFY(!back.item->hasEta());
    QCOMPARE(events.size(), 1);
    const ChangeEvent unassigned = events.at(0).at(0).value<ChangeEvent>();
    QVERIFY(unassigned.fields.value("etaAt"_L1).isNull());
    QVERIFY(unassigned.fields.value("etaEstimate"_L1).isNull());
    QVERIFY(unassigned.fields.contains("etaAt"_L1));
    // Picked up: the pickup is behind it, the ETA is recomputed from the driver to the drop-off.
    const qint64 version = store.orders().get(b.id)->version;
    QVERIFY(orders.setStatus(b.id, OrderStatus::PickedUp, std::nullopt, u"t"_s).ok());
    const double direct = travel.model().seconds(kStart, kDropoff, u"north"_s);
    QTRY_COMPARE(store.orders().get(b.id)->version, version + 2);
    QCOMPARE(store.orders().get(b.id)->etaAt, m_now.addMSecs(qint64(std::llround(direct * 1000))));
    // Delivered: no ETA.
    for (OrderStatus to : { OrderStatus::InTransit, OrderStatus::Delivered })
        QVERIFY(orders.setStatus(b.id, to, std::nullopt, u"t"_s).ok());
    QVERIFY(!store.orders().get(b.id)->hasEta());
    // An order without positions gets none.
    Order draft;
    draft.customer = u"C"_s;
    draft.region = u"north"_s;
    draft.dueAt = m_now.addSecs(3600);
    const auto bare = orders.create(draft, u"t"_s);
    QVERIFY(bare.ok());
    QVERIFY(
        orders.change(bare.item->id, { OrderStatus::Assigned, u"DRV-001"_s }, std::nullopt, u"t"_s)
            .ok());
    QSignalSpy recomputed(&engine, &EtaEngine::recomputed);
    QTRY_VERIFY(!recomputed.isEmpty());
    QVERIFY(!store.orders().get(bare.item->id)->hasEta());
}

void tst_EtaEngine::routedEtasAndTheFallback()
{
    FakeRoutingServer server;
    QVERIFY(server.listen());
    Store store;
    openStore(store, u"routed.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    RoutingSettings routing;
    routing.url = server.url();
    // Generous for an answer on loopback from a busy machine, far below the slow mode's delay.
    routing.budget = 1000ms;
    routing.retryAfter = 200ms;
    routing.cacheTtl = 0ms; // ask every time: the test switches the service's behaviour
    travel.setRouting(routing);
    EtaEngine engine(store, orders, travel);
    engine.setThrottle(10ms);
    engine.setClock([this] { return m_now; });
    engine.start();
    const Order order = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    QTRY_VERIFY(store.orders().get(order.id)->hasEta());
    Order routed = *store.orders().get(order.id);
    QVERIFY(!routed.etaEstimate);
    const double seconds = server.secondsFor(TravelModel::distanceKm(kStart, kDepot))
        + server.secondsFor(TravelModel::distanceKm(kDepot, kDropoff));
    QVERIFY(qAbs(m_now.msecsTo(routed.etaAt) - seconds * 1000) < 1000);
    QVERIFY(server.requests() >= 1);

    // The service becomes slow: the next recompute falls back to the built-in estimate, and
    // the estimate flag changing is a write even though the time may move little.
    server.setMode(FakeRoutingServer::Mode::Slow);
    server.setDelay(4000ms);
    move(store, u"DRV-001"_s, kStart);
    QTRY_VERIFY(store.orders().get(order.id)->etaEstimate);
    const Order estimated = *store.orders().get(order.id);
    QCOMPARE(estimated.version, routed.version + 1);
    QCOMPARE(estimated.etaAt, expectedEta(travel.model(), kStart, m_now));
    // Fast again: after the retry time the routed ETA (not an estimate) is back.
    server.setMode(FakeRoutingServer::Mode::Fast);
    QTRY_VERIFY(travel.isRoutingUp());
    move(store, u"DRV-001"_s, kStart);
    QTRY_VERIFY(!store.orders().get(order.id)->etaEstimate);
}

void tst_EtaEngine::etaWritesDoNotMakeDispatchersConflict()
{
    Store store;
    openStore(store, u"ifmatch.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setClock([this] { return m_now; });
    engine.start();
    const Order shown = assignedOrder(store, m_now.addSecs(3600), u"DRV-001"_s);
    QTRY_VERIFY(store.orders().get(shown.id)->hasEta());
    QVERIFY(store.orders().get(shown.id)->version > shown.version);
    // A dispatcher who saw the order before its ETA was written still gets through.
    const auto picked =
        orders.setStatus(shown.id, OrderStatus::PickedUp, shown.version, u"dispatcher"_s);
    QVERIFY2(picked.ok(), qPrintable(picked.error.message));
    // But a real change in between (the pickup) is a conflict for one who saw before it.
    const auto stale =
        orders.setStatus(shown.id, OrderStatus::Cancelled, shown.version, u"other"_s);
    QCOMPARE(stale.error.kind, ErrorKind::Conflict);
    QCOMPARE(toString(store.orders().get(shown.id)->status), u"picked_up"_s);
    // A version from the future is a conflict too.
    QCOMPARE(orders.setStatus(shown.id, OrderStatus::InTransit, 99, u"x"_s).error.kind,
        ErrorKind::Conflict);
}

void tst_EtaEngine::predictedLateAlert()
{
    Store store;
    openStore(store, u"late.sqlite"_s);
    OrderService orders = ordersOf(store);
    TravelTimes travel;
    EtaEngine engine(store, orders, travel);
    engine.setThrottle(10ms);
    engine.setClock([this] { return m_now; });
    engine.start();
    AlertEngine alerts(store);
    // Due in 30 min; the driver is about 13 min away: fine.
    const Order order = assignedOrder(store, m_now.addSecs(30 * 60), u"DRV-001"_s);
    QTRY_VERIFY(store.orders().get(order.id)->hasEta());
    const auto openAlerts = [&store](const QString &kind) {
        QStringList subjects;
        for (const Alert &a : store.alerts().list({}, { u"open"_s }).items) {
            if (a.kind == kind)
                subjects.append(a.subjectId);
        }
        return subjects;
    };
    alerts.scan(m_now);
    QVERIFY(openAlerts(u"predicted_late"_s).isEmpty());
    // The driver is sent the wrong way: 8 km off, the ETA passes the due time while the due
    // time is still 30 min ahead — the warning comes before the order is late.
    move(store, u"DRV-001"_s, GeoPoint { 51.6100, -0.1426 });
    QTRY_VERIFY(store.orders().get(order.id)->etaAt > order.dueAt);
    QVERIFY(m_now < order.dueAt);
    alerts.scan(m_now);
    QCOMPARE(openAlerts(u"predicted_late"_s), QStringList { order.id });
    const auto raised = store.alerts().list({}, { u"open"_s }).items;
    const auto alert = std::find_if(
        raised.begin(), raised.end(), [](const Alert &a) { return a.kind == "predicted_late"_L1; });
    QCOMPARE(alert->severity, u"warning"_s);
    QVERIFY2(alert->message.contains(order.id) && alert->message.contains("late"_L1),
        qPrintable(alert->message));
    QCOMPARE(alerts.scan(m_now), 0); // raised once
    // Its text as data, like every kind: the code and the values a client words it with.
    const Order predicted = *store.orders().get(order.id);
    const qint64 lateBy = predicted.dueAt.secsTo(predicted.etaAt);
    QCOMPARE(alert->code, u"predicted_late"_s);
    QCOMPARE(alert->params.value("orderId"_L1).toString(), order.id);
    QCOMPARE(alert->params.value("lateMinutes"_L1).toInteger(), (lateBy + 59) / 60);
    QCOMPARE(alert->params.value("minutes"_L1).toInteger(), 30);
    QCOMPARE(alert->params.value("etaAt"_L1).toString(),
        predicted.etaAt.toUTC().toString(Qt::ISODateWithMs));
    // It escalates as the other kinds do: nobody acknowledged it within the rule's minutes.
    const AlertRule builtIn = *AlertRule::builtIn(u"predicted_late"_s);
    alerts.scan(m_now.addSecs(builtIn.renotifyMinutes * 60));
    const auto escalated = store.alerts().get(alert->id);
    QVERIFY(escalated && escalated->escalation);
    QCOMPARE(escalated->escalation->kind, u"renotified"_s);
    // Its rule decides: late by less than the threshold is no warning (resolved), and a
    // region's rule turned off raises none.
    AlertRule rule = builtIn;
    rule.thresholdMinutes = int(lateBy / 60) + 5;
    QVERIFY(AlertService(store).updateRule(rule, 0, u"t"_s).ok());
    alerts.scan(m_now);
    QVERIFY(openAlerts(u"predicted_late"_s).isEmpty());
    rule.thresholdMinutes = 0;
    QVERIFY(AlertService(store).updateRule(rule, 1, u"t"_s).ok());
    AlertRule off = builtIn;
    off.region = order.region;
    off.enabled = false;
    QVERIFY(AlertService(store).updateRule(off, 0, u"t"_s).ok());
    alerts.scan(m_now);
    QVERIFY(openAlerts(u"predicted_late"_s).isEmpty());
    off.enabled = true;
    QVERIFY(AlertService(store).updateRule(off, 1, u"t"_s).ok());
    alerts.scan(m_now);
    QCOMPARE(openAlerts(u"predicted_late"_s), QStringList { order.id }); // a new one
    // Back on track: the alert resolves itself.
    move(store, u"DRV-001"_s, kStart);
    QTRY_VERIFY(store.orders().get(order.id)->etaAt < order.dueAt);
    alerts.scan(m_now);
    QVERIFY(openAlerts(u"predicted_late"_s).isEmpty());
    // Once the due time has passed it is overdue, not predicted late.
    move(store, u"DRV-001"_s, GeoPoint { 51.6100, -0.1426 });
    QTRY_VERIFY(store.orders().get(order.id)->etaAt > order.dueAt);
    alerts.scan(order.dueAt.addSecs(60));
    QVERIFY(openAlerts(u"predicted_late"_s).isEmpty());
    QCOMPARE(openAlerts(u"overdue_order"_s), QStringList { order.id });
}

QTEST_GUILESS_MAIN(tst_EtaEngine)
#include "tst_etaengine.moc"
