// DriverService over a real SQLite store: managed drivers are versioned writes with events and
// history; a deactivated driver keeps its history and cannot be assigned (OrderService); what a
// driver reports about its orders (OrderService::reportByDriver).

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "server/domain/driverservice.h"
#include "server/domain/orderservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_DriverService : public QObject
{
    Q_OBJECT

private:
    //! An order of region north, assigned to \a driverId when given.
    QString order(const QString &driverId, OrderStatus status = OrderStatus::Assigned);
    QStringList fields(const QString &driverId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void init();
    void cleanup() { m_store.reset(); }

    void createAndChangeAreVersionedWrites();
    void deactivationNeedsNoOpenOrdersAndStopsAssignment();
    void devicesAreRegisteredAndRevoked();
    void deviceKeysAreRandomAndHashed();
    void driverReportsPickupAndDelivery();
    void driverReportsFailureWithReason();
    void driverCannotReportOthersOrders();
};

void tst_DriverService::init()
{
    m_store = std::make_unique<Store>();
    QVERIFY(
        m_store->open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".db"_s))
            .ok());
    DriverDraft draft;
    draft.name = u"Ava Costa"_s;
    draft.region = u"north"_s;
    draft.phone = u"+44 20 7946 0018"_s;
    const StoreWrite<Driver> created = DriverService(*m_store).create(draft, u"ann"_s);
    QVERIFY(created.ok());
    QCOMPARE(created.item->id, u"DRV-001"_s);
}

QString tst_DriverService::order(const QString &driverId, OrderStatus status)
{
    Order draft;
    draft.customer = u"Acme Bakery"_s;
    draft.region = u"north"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc().addSecs(3600);
    draft.status = status;
    draft.driverId = driverId;
    const StoreWrite<Order> created = OrderService(*m_store).create(draft, u"t"_s);
    [&] { QVERIFY(created.ok()); }();
    return created.item ? created.item->id : QString();
}

QStringList tst_DriverService::fields(const QString &driverId) const
{
    QStringList list;
    for (const DriverHistoryEntry &e : m_store->drivers().history(driverId))
        list.append(u"%1:%2>%3"_s.arg(e.field, e.from, e.to));
    return list;
}

void tst_DriverService::createAndChangeAreVersionedWrites()
{
    DriverService drivers(*m_store);
    QSignalSpy events(m_store.get(), &Store::eventAppended);
    const Driver created = *m_store->drivers().get(u"DRV-001"_s);
    QCOMPARE(created.version, 1);
    QCOMPARE(toString(created.status), toString(DriverStatus::Offline));
    QVERIFY(!created.hasPosition());
    QVERIFY(created.active);

    DriverChange change;
    change.vehicle = u"Cargo bike 3"_s;
    change.phone = u"+44 20 7946 0099"_s;
    const StoreWrite<Driver> changed = drivers.change(u"DRV-001"_s, change, 1, u"ann"_s);
    QVERIFY2(changed.ok(), qPrintable(changed.error.message));
    QCOMPARE(changed.item->version, 2);
    QCOMPARE(events.size(), 1);
    const auto event = events.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.type, u"driver.updated"_s);
    QCOMPARE(event.fields.value("vehicle"_L1).toString(), u"Cargo bike 3"_s);
    QCOMPARE(event.fields.value("phone"_L1).toString(), u"+44 20 7946 0099"_s);
    QVERIFY(!event.fields.contains("name"_L1)); // unchanged

    // A stale version is a conflict with the current row; nothing changes.
    change.vehicle = u"Van 2"_s;
    const StoreWrite<Driver> stale = drivers.change(u"DRV-001"_s, change, 1, u"bob"_s);
    QCOMPARE(stale.error.kind, ErrorKind::Conflict);
    QCOMPARE(stale.item->version, 2);
    QCOMPARE(m_store->drivers().get(u"DRV-001"_s)->vehicle, u"Cargo bike 3"_s);
    // A change to what is there already is refused.
    DriverChange same;
    same.vehicle = u"Cargo bike 3"_s;
    QCOMPARE(drivers.change(u"DRV-001"_s, same, std::nullopt, u"ann"_s).error.kind,
        ErrorKind::BadRequest);
    QCOMPARE(events.size(), 1);
    QCOMPARE(fields(u"DRV-001"_s),
        (QStringList { u"created:>Ava Costa"_s, u"phone:+44 20 7946 0018>+44 20 7946 0099"_s,
            u"vehicle:>Cargo bike 3"_s }));
    // An id that exists is a conflict.
    DriverDraft again;
    again.id = u"DRV-001"_s;
    again.name = u"X"_s;
    again.region = u"south"_s;
    QCOMPARE(drivers.create(again, u"ann"_s).error.kind, ErrorKind::Conflict);
}

void tst_DriverService::deactivationNeedsNoOpenOrdersAndStopsAssignment()
{
    DriverService drivers(*m_store);
    OrderService orders(*m_store);
    const QString carried = order(u"DRV-001"_s);
    DriverChange off;
    off.active = false;
    const StoreWrite<Driver> refused = drivers.change(u"DRV-001"_s, off, std::nullopt, u"ann"_s);
    QCOMPARE(refused.error.kind, ErrorKind::BadRequest);
    QVERIFY2(refused.error.message.contains(carried), qPrintable(refused.error.message));
    QVERIFY(m_store->drivers().get(u"DRV-001"_s)->active);

    // Reassigned away, the driver can go; it goes offline and keeps its history.
    DriverDraft other;
    other.name = u"Ben Baker"_s;
    other.region = u"north"_s;
    QCOMPARE(drivers.create(other, u"ann"_s).item->id, u"DRV-002"_s);
    QVERIFY(
        orders.change(carried, OrderChange { std::nullopt, u"DRV-002"_s }, std::nullopt, u"ann"_s)
            .ok());
    QVERIFY(drivers.setStatus(u"DRV-001"_s, DriverStatus::Idle, u"t"_s).ok());
    const StoreWrite<Driver> gone = drivers.change(u"DRV-001"_s, off, std::nullopt, u"ann"_s);
    QVERIFY2(gone.ok(), qPrintable(gone.error.message));
    QCOMPARE(toString(gone.item->status), toString(DriverStatus::Offline));
    QVERIFY(fields(u"DRV-001"_s).contains(u"active:true>false"_s));
    QVERIFY(!m_store->orders().history(carried).isEmpty());

    // It cannot be given an order, nor go online.
    const QString waiting = order({}, OrderStatus::New);
    const StoreWrite<Order> assign = orders.change(
        waiting, OrderChange { OrderStatus::Assigned, u"DRV-001"_s }, std::nullopt, u"ann"_s);
    QCOMPARE(assign.error.kind, ErrorKind::BadRequest);
    QVERIFY2(assign.error.message.contains(u"deactivated"_s), qPrintable(assign.error.message));
    QCOMPARE(toString(m_store->orders().get(waiting)->status), toString(OrderStatus::New));
    QCOMPARE(drivers.setStatus(u"DRV-001"_s, DriverStatus::Idle, u"t"_s).error.kind,
        ErrorKind::BadRequest);
    // Active again, it can.
    DriverChange on;
    on.active = true;
    QVERIFY(drivers.change(u"DRV-001"_s, on, std::nullopt, u"ann"_s).ok());
    QVERIFY(orders
                .change(waiting, OrderChange { OrderStatus::Assigned, u"DRV-001"_s }, std::nullopt,
                    u"ann"_s)
                .ok());
}

void tst_DriverService::devicesAreRegisteredAndRevoked()
{
    DriverService drivers(*m_store);
    const DeviceRegistration a = drivers.registerDevice(u"DRV-001"_s, u"phone"_s, 1, u"ann"_s);
    QVERIFY2(a.write.ok(), qPrintable(a.write.error.message));
    QCOMPARE(a.write.item->version, 2);
    QCOMPARE(a.write.event->fields.value("devices"_L1).toArray().size(), 1);
    const DeviceRegistration b = drivers.registerDevice(u"DRV-001"_s, u"tracker"_s, 2, u"ann"_s);
    QVERIFY(b.write.ok());
    QVERIFY(a.key != b.key);
    const Driver d = *m_store->drivers().get(u"DRV-001"_s);
    QCOMPARE(d.devices.size(), 2);
    QCOMPARE(d.devices.at(0).label, u"phone"_s);
    QCOMPARE(m_store->drivers().findDevice(DriverService::keyHash(a.key))->deviceId, a.device.id);
    QCOMPARE(m_store->drivers().findDevice(DriverService::keyHash(b.key))->driverId, u"DRV-001"_s);

    const StoreWrite<Driver> revoked =
        drivers.revokeDevice(u"DRV-001"_s, a.device.id, std::nullopt, u"ann"_s);
    QVERIFY(revoked.ok());
    QCOMPARE(revoked.item->devices.size(), 1);
    QVERIFY(!m_store->drivers().findDevice(DriverService::keyHash(a.key)));
    QVERIFY(m_store->drivers().findDevice(DriverService::keyHash(b.key)));
    QCOMPARE(drivers.revokeDevice(u"DRV-001"_s, a.device.id, std::nullopt, u"ann"_s).error.kind,
        ErrorKind::NotFound);
    QCOMPARE(drivers.registerDevice(u"DRV-009"_s, {}, std::nullopt, u"ann"_s).write.error.kind,
        ErrorKind::NotFound);
    QCOMPARE(fields(u"DRV-001"_s),
        (QStringList { u"created:>Ava Costa"_s, u"device_added:>%1 (phone)"_s.arg(a.device.id),
            u"device_added:>%1 (tracker)"_s.arg(b.device.id),
            u"device_removed:%1 (phone)>"_s.arg(a.device.id) }));
    // At most MaxDevices at once.
    for (int i = 1; i < DriverService::MaxDevices; ++i)
        QVERIFY(drivers.registerDevice(u"DRV-001"_s, {}, std::nullopt, u"ann"_s).write.ok());
    const DeviceRegistration tooMany =
        drivers.registerDevice(u"DRV-001"_s, {}, std::nullopt, u"ann"_s);
    QCOMPARE(tooMany.write.error.kind, ErrorKind::BadRequest);
    QVERIFY(tooMany.key.isEmpty());
}

void tst_DriverService::deviceKeysAreRandomAndHashed()
{
    QSet<QString> keys;
    for (int i = 0; i < 200; ++i) {
        const QString key = DriverService::generateDeviceKey();
        QCOMPARE(key.size(), 26); // 26 symbols of 32: 130 bits
        for (const QChar c : key)
            QVERIFY(u"0123456789abcdefghjkmnpqrstvwxyz"_s.contains(c));
        keys.insert(key);
    }
    QCOMPARE(keys.size(), 200);
    const DriverDevice device = DriverService::deviceForKey(u"demo-DRV-001", u"x"_s, {});
    QCOMPARE(device.keySha256,
        QCryptographicHash::hash("demo-DRV-001", QCryptographicHash::Sha256).toHex());
    QCOMPARE(device.id, u"DEV-"_s + QString::fromLatin1(device.keySha256.left(12)));
    // Only the hash is stored: the key appears nowhere in the database.
    const DeviceRegistration reg =
        DriverService(*m_store).registerDevice(u"DRV-001"_s, {}, std::nullopt, u"ann"_s);
    QFile file(m_dir.filePath(u"deviceKeysAreRandomAndHashed.db"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QFile wal(file.fileName() + u"-wal"_s);
    QVERIFY(wal.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll() + wal.readAll();
    QVERIFY(!bytes.contains(reg.key.toLatin1()));
    QVERIFY(bytes.contains(reg.device.keySha256));
}

void tst_DriverService::driverReportsPickupAndDelivery()
{
    OrderService orders(*m_store);
    const QString id = order(u"DRV-001"_s);
    QSignalSpy events(m_store.get(), &Store::eventAppended);
    DriverOrderReport pickup;
    pickup.status = OrderStatus::PickedUp;
    const StoreWrite<Order> picked = orders.reportByDriver(u"DRV-001"_s, id, pickup, {}, u"ava"_s);
    QVERIFY2(picked.ok(), qPrintable(picked.error.message));
    QCOMPARE(toString(picked.item->status), toString(OrderStatus::PickedUp));

    // Delivered straight from picked up passes through in transit: two versions, two events,
    // one commit; the note and the photo reference are history rows of the last.
    DriverOrderReport delivered;
    delivered.status = OrderStatus::Delivered;
    delivered.note = u"left with the neighbour at no. 12"_s;
    delivered.photo = u"https://photos.example/p/123.jpg"_s;
    const StoreWrite<Order> done =
        orders.reportByDriver(u"DRV-001"_s, id, delivered, picked.item->version, u"ava"_s);
    QVERIFY2(done.ok(), qPrintable(done.error.message));
    QCOMPARE(toString(done.item->status), toString(OrderStatus::Delivered));
    QCOMPARE(done.item->version, picked.item->version + 2);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events.at(1).at(0).value<ChangeEvent>().fields.value("status"_L1).toString(),
        u"in_transit"_s);
    QCOMPARE(events.at(2).at(0).value<ChangeEvent>().fields.value("status"_L1).toString(),
        u"delivered"_s);
    QStringList history;
    for (const OrderHistoryEntry &e : m_store->orders().history(id))
        history.append(u"%1 %2>%3 by %4"_s.arg(e.field, e.from, e.to, e.actor));
    QCOMPARE(history.mid(history.size() - 5),
        (QStringList { u"status assigned>picked_up by ava"_s,
            u"status picked_up>in_transit by ava"_s, u"status in_transit>delivered by ava"_s,
            u"note >left with the neighbour at no. 12 by ava"_s,
            u"photo >https://photos.example/p/123.jpg by ava"_s }));
    // Nothing more to report on a delivered order.
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, id, pickup, {}, u"ava"_s).error.kind,
        ErrorKind::BadRequest);
    // A stale version is a conflict.
    const QString other = order(u"DRV-001"_s);
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, other, pickup, 7, u"ava"_s).error.kind,
        ErrorKind::Conflict);
    // Delivered straight from assigned is not a driver's to say: pick up first.
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, other, delivered, {}, u"ava"_s).error.kind,
        ErrorKind::BadRequest);
    QCOMPARE(toString(m_store->orders().get(other)->status), toString(OrderStatus::Assigned));
}

void tst_DriverService::driverReportsFailureWithReason()
{
    OrderService orders(*m_store);
    const QString id = order(u"DRV-001"_s);
    DriverOrderReport failed;
    failed.status = OrderStatus::Failed;
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, id, failed, {}, u"ava"_s).error.kind,
        ErrorKind::BadRequest);
    failed.reason = u"nobody home, shop closed"_s;
    const StoreWrite<Order> result = orders.reportByDriver(u"DRV-001"_s, id, failed, {}, u"ava"_s);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(toString(result.item->status), toString(OrderStatus::Failed));
    const OrderHistoryEntry last = m_store->orders().history(id).constLast();
    QCOMPARE(last.field, u"reason"_s);
    QCOMPARE(last.to, u"nobody home, shop closed"_s);
    QCOMPARE(last.seq, result.event->seq);
}

void tst_DriverService::driverCannotReportOthersOrders()
{
    DriverDraft other;
    other.name = u"Ben Baker"_s;
    other.region = u"north"_s;
    QVERIFY(DriverService(*m_store).create(other, u"ann"_s).ok());
    const QString theirs = order(u"DRV-002"_s);
    const QString unassigned = order({}, OrderStatus::New);
    DriverOrderReport pickup;
    pickup.status = OrderStatus::PickedUp;
    OrderService orders(*m_store);
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, theirs, pickup, {}, u"ava"_s).error.kind,
        ErrorKind::Forbidden);
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, unassigned, pickup, {}, u"ava"_s).error.kind,
        ErrorKind::Forbidden);
    QCOMPARE(orders.reportByDriver(u"DRV-001"_s, u"ORD-99999"_s, pickup, {}, u"ava"_s).error.kind,
        ErrorKind::NotFound);
    QCOMPARE(toString(m_store->orders().get(theirs)->status), toString(OrderStatus::Assigned));
}

QTEST_GUILESS_MAIN(tst_DriverService)
#include "tst_driverservice.moc"
