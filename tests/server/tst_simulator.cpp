#include <algorithm>
#include <cmath>

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
    void assignedOrdersGetAnIdleDriverOfTheirRegion();
    void deliveryFreesTheOrdersDriver();
    void carriedOrdersMoveTheirDriverTowardTheDropoff();
    void newOrdersHaveAPositionNearTheirRegion();
    void viewMatchesTheStore();
    void foreignChangesAreReadAgain();
    void catchUpRunsTheMissedTicks();
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

void tst_Simulator::assignedOrdersGetAnIdleDriverOfTheirRegion()
{
    Store store;
    openDemo(store, u"assign.sqlite"_s);
    QHash<QString, Driver> drivers;
    for (const Driver &d : store.drivers().list({}).items)
        drivers.insert(d.id, d);
    Simulator sim(store, 7);
    for (int i = 0; i < 400; ++i)
        sim.tick();
    const QList<ChangeEvent> events = store.log().eventsAfter(0, 1000000);
    int assignments = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const ChangeEvent &e = events.at(i);
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
        // The very next event sends that driver on its way.
        QVERIFY(i + 1 < events.size());
        QCOMPARE(events.at(i + 1).type, u"driver.updated"_s);
        QCOMPARE(events.at(i + 1).id, driverId);
        QCOMPARE(events.at(i + 1).fields.value("status"_L1).toString(), u"en_route"_s);
    }
    QVERIFY2(assignments >= 5, qPrintable(QString::number(assignments)));
    // Every order the simulator assigned and still open has a driver.
    for (const Order &o : store.orders().list().orders) {
        bool assignedBySim = false;
        for (const OrderHistoryEntry &h : store.orders().history(o.id))
            assignedBySim = assignedBySim || (h.field == "status"_L1 && h.to == "assigned"_L1);
        if (assignedBySim && !isFinal(o.status))
            QVERIFY2(!o.driverId.isEmpty(), qPrintable(o.id));
    }
}

void tst_Simulator::deliveryFreesTheOrdersDriver()
{
    Store store;
    openDemo(store, u"deliver.sqlite"_s);
    Simulator sim(store, 11);
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
        // Its own driver goes idle right after (it is en_route unless it went offline meanwhile),
        // before the payment.
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
    }
    QVERIFY(created > 5);
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

QTEST_GUILESS_MAIN(tst_Simulator)
#include "tst_simulator.moc"
