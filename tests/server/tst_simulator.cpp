#include <algorithm>
#include <cmath>

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "server/demo/demodata.h"
#include "server/demo/simulator.h"
#include "server/domain/orderservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_Simulator : public QObject
{
    Q_OBJECT

private:
    //! A fresh demo database \a name: 30 orders and 8 drivers (two per region).
    void openDemo(Store &store, const QString &name);
    //! Every event of \a store as "type id vVERSION", in seq order.
    static QStringList trace(const Store &store);

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void assignedOrdersGetADriverOfTheirRegion();
    void deliveryFreesTheOrdersDriver();
    void carriedOrdersMoveTheirDriverTowardTheDropoff();
    void newOrdersHaveAPositionNearTheirRegion();
    void viewMatchesTheStore();
    void foreignChangesAreReadAgain();
    void catchUpRunsTheMissedTicks();
    void demoLooksLikeADayAtAnyHour_data();
    void demoLooksLikeADayAtAnyHour();
    void steadyStateOverHours();
};

void tst_Simulator::openDemo(Store &store, const QString &name)
{
    QVERIFY(store.open(m_dir.filePath(name)).ok());
    QVERIFY(Demo::seedOrders(store, 30, 5).ok());
    QVERIFY(Demo::seedDrivers(store, 8, 5).ok());
}

QStringList tst_Simulator::trace(const Store &store)
{
    QStringList lines;
    for (const ChangeEvent &e : store.log().eventsAfter(0, 1000000))
        lines.append(u"%1 %2 v%3"_s.arg(e.type, e.id).arg(e.version));
    return lines;
}

void tst_Simulator::assignedOrdersGetADriverOfTheirRegion()
{
    Store store;
    openDemo(store, u"assign.sqlite"_s);
    QHash<QString, Driver> drivers;
    for (const Driver &d : store.drivers().list({}).items)
        drivers.insert(d.id, d);
    Simulator sim(store, 7);
    sim.setInterval(5s); // 400 ticks: half an hour of orders
    for (int i = 0; i < 400; ++i)
        sim.tick();
    const QList<ChangeEvent> events = store.log().eventsAfter(0, 1000000);
    QHash<QString, QString> status; // driver → status, replayed along the log
    for (const Driver &d : std::as_const(drivers))
        status.insert(d.id, toString(d.status));
    int assignments = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const ChangeEvent &e = events.at(i);
        if (e.type == "driver.updated"_L1)
            status.insert(e.id, e.fields.value("status"_L1).toString());
        if (e.type != "order.updated"_L1 || e.fields.value("status"_L1).toString() != "assigned"_L1)
            continue;
        ++assignments;
        const QString driverId = e.fields.value("driverId"_L1).toString();
        QVERIFY2(drivers.contains(driverId), qPrintable(e.id));
        // The order's history names that driver, of the order's region.
        const auto history = store.orders().history(e.id);
        const auto entry = std::find_if(history.begin(), history.end(),
            [&](const OrderHistoryEntry &h) { return h.seq == e.seq && h.field == "driver"_L1; });
        QVERIFY(entry != history.end());
        QCOMPARE(entry->to, driverId);
        const auto order = store.orders().get(e.id);
        QVERIFY(order);
        QCOMPARE(drivers.value(driverId).region, order->region);
        // A driver who was free is sent on its way by the very next event; one already on the
        // road takes it on.
        QVERIFY2(status.value(driverId) == "idle"_L1 || status.value(driverId) == "en_route"_L1,
            qPrintable(status.value(driverId)));
        if (status.value(driverId) == "idle"_L1) {
            QVERIFY(i + 1 < events.size());
            QCOMPARE(events.at(i + 1).type, u"driver.updated"_s);
            QCOMPARE(events.at(i + 1).id, driverId);
            QCOMPARE(events.at(i + 1).fields.value("status"_L1).toString(), u"en_route"_s);
        }
    }
    QVERIFY2(assignments >= 5, qPrintable(QString::number(assignments)));
    // Every order the simulator assigned and still open has a driver, and nobody carries more
    // than the most one driver is given.
    QHash<QString, int> load;
    for (const Order &o : store.orders().list().orders) {
        bool assignedBySim = false;
        for (const OrderHistoryEntry &h : store.orders().history(o.id))
            assignedBySim = assignedBySim
                || (h.field == "status"_L1 && h.to == "assigned"_L1 && h.actor == "simulator"_L1);
        if (assignedBySim && !isFinal(o.status)) {
            QVERIFY2(!o.driverId.isEmpty(), qPrintable(o.id));
            ++load[o.driverId];
        }
    }
    for (auto it = load.cbegin(); it != load.cend(); ++it)
        QVERIFY2(it.value() <= Simulator::MaxOrdersPerDriver, qPrintable(it.key()));
}

void tst_Simulator::deliveryFreesTheOrdersDriver()
{
    Store store;
    openDemo(store, u"deliver.sqlite"_s);
    Simulator sim(store, 11);
    sim.setInterval(10s); // four hours
    for (int i = 0; i < 1500; ++i)
        sim.tick();
    const QList<ChangeEvent> events = store.log().eventsAfter(0, 1000000);
    int freed = 0;
    for (qsizetype i = 0; i + 1 < events.size(); ++i) {
        const ChangeEvent &e = events.at(i);
        if (e.type != "order.updated"_L1)
            continue;
        const auto history = store.orders().history(e.id);
        QString driverId;
        bool delivered = false;
        for (const OrderHistoryEntry &h : history) {
            if (h.seq < e.seq && h.field == "driver"_L1)
                driverId = h.to;
            if (h.seq == e.seq && h.field == "status"_L1 && h.to == "delivered"_L1)
                delivered = true;
        }
        if (!delivered || driverId.isEmpty())
            continue;
        // Its own driver goes idle right after when it has nothing else to do (it is en_route
        // unless it went offline meanwhile), before the payment.
        const ChangeEvent &next = events.at(i + 1);
        if (next.type == "driver.updated"_L1) {
            QCOMPARE(next.id, driverId);
            QCOMPARE(next.fields.value("status"_L1).toString(), u"idle"_s);
            ++freed;
        } else {
            QCOMPARE(next.type, u"payment.created"_s);
        }
    }
    QVERIFY2(freed >= 3, qPrintable(QString::number(freed)));
}

void tst_Simulator::carriedOrdersMoveTheirDriverTowardTheDropoff()
{
    Store store;
    QVERIFY(store.open(m_dir.filePath(u"carry.sqlite"_s)).ok());
    // Drivers first (one per region), so the demo orders get none and DRV-001 carries only the
    // order below; the other open orders keep the simulator from finishing it at once.
    QVERIFY(Demo::seedDrivers(store, 4, 3).ok());
    QVERIFY(Demo::seedOrders(store, 30, 5).ok());
    const Driver driver = *store.drivers().get(u"DRV-001"_s);
    Order draft;
    draft.customer = u"C"_s;
    draft.region = driver.region;
    draft.dueAt = QDateTime::currentDateTimeUtc();
    draft.status = OrderStatus::PickedUp;
    draft.driverId = driver.id;
    draft.dropoffAt = GeoPoint { driver.lat + 0.01, driver.lon + 0.016 };
    const auto created = OrderService(store).create(draft, u"t"_s);
    QVERIFY(created.ok());
    Driver busy = driver;
    busy.status = DriverStatus::EnRoute;
    QVERIFY(store.drivers().updateLive(busy, u"t"_s).ok());
    const auto distance = [&](const Driver &d) {
        return std::hypot(d.lat - draft.dropoffAt->lat, (d.lon - draft.dropoffAt->lon) / 1.6);
    };
    const double before = distance(busy);
    Simulator sim(store, 3);
    // While it carries the order, every step of its driver brings it closer.
    double closest = before;
    for (int i = 0; i < 200; ++i) {
        sim.tick();
        const auto order = store.orders().get(created.item->id);
        const Driver now = *store.drivers().get(driver.id);
        if (isFinal(order->status) || now.status != DriverStatus::EnRoute)
            break;
        QVERIFY(distance(now) <= closest + 1e-12);
        closest = distance(now);
    }
    QVERIFY2(closest < before, "the driver never moved toward the drop-off");
}

void tst_Simulator::newOrdersHaveAPositionNearTheirRegion()
{
    Store store;
    openDemo(store, u"positions.sqlite"_s);
    Simulator sim(store, 5);
    sim.setInterval(30s); // 100 minutes
    for (int i = 0; i < 200; ++i)
        sim.tick();
    int created = 0;
    for (const Order &o : store.orders().list().orders) {
        if (o.id <= u"ORD-00030"_s)
            continue; // seeded
        ++created;
        QVERIFY2(o.dropoffAt, qPrintable(o.id));
        const GeoPoint centre = *Demo::regionCentre(o.region);
        QVERIFY(qAbs(o.dropoffAt->lat - centre.lat) <= 0.015);
        QVERIFY(qAbs(o.dropoffAt->lon - centre.lon) <= 0.025);
        // Collected at its region's depot; due 40 to 150 minutes after it came in.
        QCOMPARE(o.pickup, Demo::depotOf(o.region).address);
        QCOMPARE(o.pickupAt, std::optional<GeoPoint>(Demo::depotOf(o.region).at));
    }
    QVERIFY2(created > 5, qPrintable(QString::number(created)));
}

void tst_Simulator::viewMatchesTheStore()
{
    // One simulator keeps its view from its own writes, the other reads the store before every
    // tick: the same seed must make the same choices.
    const auto run = [this](const QString &name, bool reloadEveryTick) {
        Store store;
        openDemo(store, name);
        Simulator sim(store, 42);
        for (int i = 0; i < 400; ++i) {
            if (reloadEveryTick)
                sim.reload();
            sim.tick();
        }
        return trace(store);
    };
    const QStringList kept = run(u"kept.sqlite"_s, false);
    const QStringList read = run(u"read.sqlite"_s, true);
    QVERIFY(kept.size() > 400);
    QCOMPARE(kept, read);
}

void tst_Simulator::foreignChangesAreReadAgain()
{
    Store store;
    openDemo(store, u"foreign.sqlite"_s);
    Simulator sim(store, 9);
    for (int i = 0; i < 20; ++i)
        sim.tick();
    // Someone else closes every open order behind the simulator's back.
    for (const Order &o : store.orders().list().orders) {
        if (!isFinal(o.status))
            QVERIFY(OrderService(store)
                        .setStatus(o.id, OrderStatus::Cancelled, std::nullopt, u"x"_s)
                        .ok());
    }
    const qint64 since = store.log().head().seq;
    const qint64 lastId = store.orders().count();
    for (int i = 0; i < 100; ++i)
        sim.tick();
    // After at most one failed write it works on orders it created itself from then on.
    int foreignWrites = 0;
    for (const ChangeEvent &e : store.log().eventsAfter(since, 100000)) {
        if (e.type == "order.updated"_L1
            && e.id <= u"ORD-%1"_s.arg(lastId, 5, 10, QLatin1Char('0')))
            ++foreignWrites;
    }
    QCOMPARE(foreignWrites, 0);
    QVERIFY(store.log().head().seq > since + 100);
}

void tst_Simulator::catchUpRunsTheMissedTicks()
{
    Store store;
    openDemo(store, u"catchup.sqlite"_s);
    Simulator sim(store, 1);
    sim.setInterval(2ms);
    QCOMPARE(sim.catchUp(1ms), 0);
    QCOMPARE(sim.catchUp(1ms), 1); // 2 ms owed
    QCOMPARE(sim.catchUp(7ms), 3); // 1 ms left over
    QCOMPARE(sim.catchUp(1ms), 1);
    const qint64 head = store.log().head().seq;
    // A wake-up 1 s late runs at most MaxCatchUp ticks and forgets the rest.
    QCOMPARE(sim.catchUp(1s), Simulator::MaxCatchUp);
    QVERIFY(store.log().head().seq >= head + Simulator::MaxCatchUp);
    QCOMPARE(sim.catchUp(1ms), 0);
    QCOMPARE(sim.catchUp(3ms), 2);
    QCOMPARE(sim.catchUp(-5ms), 0);
    sim.setInterval(400ms);
    QCOMPARE(sim.catchUp(1200ms), 3);
}

void tst_Simulator::demoLooksLikeADayAtAnyHour_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::newRow("03:00") << QDateTime(QDate(2026, 3, 3), QTime(3, 0), Qt::UTC);
    QTest::newRow("20:00") << QDateTime(QDate(2026, 3, 3), QTime(20, 0), Qt::UTC);
}

void tst_Simulator::demoLooksLikeADayAtAnyHour()
{
    QFETCH(QDateTime, now);
    Store store;
    QVERIFY(store.open(m_dir.filePath(u"day-%1.sqlite"_s.arg(now.time().hour()))).ok());
    QVERIFY(Demo::seedOrders(store, 400, 1, now).ok());
    QVERIFY(Demo::seedDrivers(store, 24, 1, now).ok());
    const QList<Order> orders = store.orders().list().orders;
    QCOMPARE(orders.size(), 400);
    int open = 0;
    int late = 0;
    int dueAfterAnHour = 0;
    int createdHoursAgo = 0;
    int createdJustNow = 0;
    QSet<QString> updateTimes;
    for (const Order &o : orders) {
        const auto history = store.orders().history(o.id);
        QVERIFY(!history.isEmpty());
        QCOMPARE(history.first().field, u"created"_s);
        const QDateTime created = history.first().ts;
        // Created over the past hours, changed in order, the row's time the last change's.
        QVERIFY2(created <= now && created >= now.addSecs(-9 * 3600), qPrintable(o.id));
        createdHoursAgo += created < now.addSecs(-3 * 3600) ? 1 : 0;
        createdJustNow += created > now.addSecs(-30 * 60) ? 1 : 0;
        QVERIFY2(o.updatedAt <= now && o.updatedAt >= created, qPrintable(o.id));
        QCOMPARE(o.updatedAt, history.constLast().ts);
        updateTimes.insert(o.updatedAt.toString(Qt::ISODate));
        QVERIFY(o.dueAt > created);
        // Real London: at the region's depot, delivered on one of its streets.
        const GeoPoint centre = *Demo::regionCentre(o.region);
        QVERIFY(qAbs(o.dropoffAt->lat - centre.lat) <= 0.015);
        QVERIFY(qAbs(o.dropoffAt->lon - centre.lon) <= 0.025);
        QVERIFY(o.dropoffAt->lat > 51.44 && o.dropoffAt->lat < 51.57);
        QCOMPARE(o.pickupAt, std::optional<GeoPoint>(Demo::depotOf(o.region).at));
        if (isFinal(o.status))
            continue;
        ++open;
        late += o.dueAt < now ? 1 : 0;
        dueAfterAnHour += o.dueAt > now.addSecs(3600) ? 1 : 0;
    }
    // About three in five open; due times spread around now, a believable share late.
    QVERIFY2(open > 180 && open < 300, qPrintable(QString::number(open)));
    QVERIFY2(late > 0 && late * 3 < open, qPrintable(u"%1 of %2"_s.arg(late).arg(open)));
    QVERIFY2(late * 5 < open, qPrintable(u"%1 of %2"_s.arg(late).arg(open)));
    QVERIFY2(dueAfterAnHour * 3 > open, qPrintable(QString::number(dueAfterAnHour)));
    QVERIFY(createdHoursAgo > 40);
    QVERIFY(createdJustNow > 40);
    QVERIFY2(updateTimes.size() > 350, qPrintable(QString::number(updateTimes.size())));
    // The KPIs say the same as of then, and on time is believable.
    const Kpis kpis = store.kpis().snapshot({}, now);
    QCOMPARE(kpis.openOrders, open);
    QCOMPARE(kpis.late, late);
    QVERIFY(kpis.deliveredToday > 0);
    QVERIFY2(kpis.onTimePercent && *kpis.onTimePercent >= 70,
        qPrintable(QString::number(kpis.onTimePercent.value_or(-1))));
    // The timeline has a past: orders came in and went out in the hours before now.
    const auto timeline = store.kpis().timeline({}, now, 3600);
    QVERIFY(timeline.error.ok());
    int hoursWithOrders = 0;
    qint64 delivered = 0;
    for (const QJsonObject &bucket : timeline.items) {
        hoursWithOrders += bucket.value("created"_L1).toInteger() > 0 ? 1 : 0;
        delivered += bucket.value("delivered"_L1).toInteger();
    }
    QVERIFY2(hoursWithOrders >= std::min<qsizetype>(3, timeline.items.size()),
        qPrintable(QString::number(hoursWithOrders)));
    QVERIFY(delivered > 0);
    // Drivers were just seen, on the orders they carry.
    for (const Driver &d : store.drivers().list({}).items)
        QCOMPARE(d.lastSeenAt, now);
}

void tst_Simulator::steadyStateOverHours()
{
    const QDateTime start(QDate(2026, 3, 3), QTime(20, 0), Qt::UTC);
    Store store;
    QVERIFY(store.open(m_dir.filePath(u"steady.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 200, 3, start).ok());
    QVERIFY(Demo::seedDrivers(store, 24, 3, start).ok());
    Simulator sim(store, 3);
    sim.setStartTime(start);
    sim.setInterval(10s);
    const auto openNow = [&store, &sim](int *late) {
        OrderQuery query;
        query.statuses = { u"new"_s, u"assigned"_s, u"picked_up"_s, u"in_transit"_s };
        const QList<Order> open = store.orders().query(query).orders;
        *late = int(std::count_if(
            open.begin(), open.end(), [&sim](const Order &o) { return o.dueAt < sim.now(); }));
        return int(open.size());
    };
    int late = 0;
    const int before = openNow(&late);
    sim.tick();
    QCOMPARE(sim.targetOpenOrders(), before);
    // Eight hours of the simulator's clock, no real waiting: 360 ticks of 10 s an hour.
    for (int hour = 1; hour <= 8; ++hour) {
        const qint64 since = store.log().head().seq;
        for (int i = 0; i < 360; ++i)
            sim.tick();
        int created = 0;
        int finished = 0;
        for (const ChangeEvent &e : store.log().eventsAfter(since, 1000000)) {
            if (e.type == "order.created"_L1)
                ++created;
            const QString to = e.fields.value("status"_L1).toString();
            if (e.type == "order.updated"_L1
                && (to == "delivered"_L1 || to == "cancelled"_L1 || to == "failed"_L1))
                ++finished;
        }
        const int open = openNow(&late);
        const QString figures = u"hour %1: %2 open (%3 late), %4 created, %5 finished"_s.arg(hour)
                                    .arg(open)
                                    .arg(late)
                                    .arg(created)
                                    .arg(finished);
        qInfo().noquote() << figures;
        // The table stays the size it was, and work keeps flowing through it.
        QVERIFY2(open >= before * 7 / 10 && open <= before * 13 / 10, qPrintable(figures));
        QVERIFY2(created > 30 && finished > 30, qPrintable(figures));
        QVERIFY2(late * 3 < open, qPrintable(figures));
        QCOMPARE(sim.now(), start.addSecs(10 + hour * 3600));
    }
}

QTEST_GUILESS_MAIN(tst_Simulator)
#include "tst_simulator.moc"
