#include <atomic>
#include <memory>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "pgcluster.h"
#include "server/demo/demodata.h"
#include "server/domain/alertservice.h"
#include "server/domain/orderservice.h"
#include "server/store/database.h"
#include "server/store/notificationlink.h"
#include "server/store/sqlsupport.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {
// The schema version a fresh SQLite file reaches: the number of migration files shipped.
int latestSqlite()
{
    return Database::latestSchemaVersion(DatabaseLocation::Dialect::SQLite);
}
} // namespace

class tst_Store : public QObject
{
    Q_OBJECT

private:
    //! The rows "sqlite" and, when PostgreSQL is available, "postgresql".
    void dialects();
    //! The number of the migration of \a dialect whose file contains \a text; 0 if none.
    static int migrationWith(DatabaseLocation::Dialect dialect, const QByteArray &text);
    //! Where a test's database \a name lives in the current row's dialect: a SQLite file in the
    //! temporary directory, or a database of that name on the throwaway cluster (created on first
    //! use, so the same name reopens the same data).
    QString location(const QString &name);
    QString pgLocation(const QString &name);
    //! Reads one integer straight from the database, bypassing the Store.
    qint64 rawInt(const QString &location, const QString &sql);
    [[nodiscard]] bool havePostgres() const { return m_cluster.isRunning(); }

    QTemporaryDir m_dir;
    PgCluster m_cluster;
    QSet<QString> m_databases;

private Q_SLOTS:
    void initTestCase();
    void migrationSetsUserVersion();
    void seedIsDeterministicAndIdempotent_data() { dialects(); }
    void seedIsDeterministicAndIdempotent();
    void updateBumpsVersionAndAppendsOneEvent_data() { dialects(); }
    void updateBumpsVersionAndAppendsOneEvent();
    void staleVersionConflictChangesNothing_data() { dialects(); }
    void staleVersionConflictChangesNothing();
    void invalidTransitionChangesNothing_data() { dialects(); }
    void invalidTransitionChangesNothing();
    void unknownOrderIsNotFound_data() { dialects(); }
    void unknownOrderIsNotFound();
    void eventsAfterInSeqOrder_data() { dialects(); }
    void eventsAfterInSeqOrder();
    void createOrderAssignsNextId_data() { dialects(); }
    void createOrderAssignsNextId();
    void epochPersistsAcrossReopen_data() { dialects(); }
    void epochPersistsAcrossReopen();
    void listPositionEqualsHead_data() { dialects(); }
    void listPositionEqualsHead();
    void trimAndResetLog_data() { dialects(); }
    void trimAndResetLog();
    void badRowsAreSkipped();
    void historyRecordsEveryChange_data() { dialects(); }
    void historyRecordsEveryChange();
    void queryOrdersFiltersSortsAndPages_data() { dialects(); }
    void queryOrdersFiltersSortsAndPages();
    void changedAfterReturnsDeltas_data() { dialects(); }
    void changedAfterReturnsDeltas();
    void driverUpdateCarriesFieldsAndRegion_data() { dialects(); }
    void driverUpdateCarriesFieldsAndRegion();
    void driverBatchIsOneWrite_data() { dialects(); }
    void driverBatchIsOneWrite();
    void paymentsAndAlerts_data() { dialects(); }
    void paymentsAndAlerts();
    void kpisCountOverRegions_data() { dialects(); }
    void kpisCountOverRegions();
    void trimByAgeKeepsLogContiguous_data() { dialects(); }
    void trimByAgeKeepsLogContiguous();
    void concurrentWritersKeepSeqInCommitOrder_data() { dialects(); }
    void concurrentWritersKeepSeqInCommitOrder();
    // An order's driver and drop-off position (schema 4).
    void orderPositionRoundTrips_data() { dialects(); }
    void orderPositionRoundTrips();
    void relaxedWritesDoNotWaitForTheDisk_data() { dialects(); }
    void relaxedWritesDoNotWaitForTheDisk();
    void driverChangeIsAVersionedWrite_data() { dialects(); }
    void driverChangeIsAVersionedWrite();
    void driverChangeIsValidated_data() { dialects(); }
    void driverChangeIsValidated();
    void queryOrdersByDriver_data() { dialects(); }
    void queryOrdersByDriver();
    void badPositionGivesNoPosition_data() { dialects(); }
    void badPositionGivesNoPosition();
    void previousSchemaMigratesWithItsOrders_data() { dialects(); }
    void previousSchemaMigratesWithItsOrders();
    // Orders from outside (schema of the intake migration).
    void createDecidesKeyAndRefInItsTransaction_data() { dialects(); }
    void createDecidesKeyAndRefInItsTransaction();
    void importIsOneWriteWithOneEvent_data() { dialects(); }
    void importIsOneWriteWithOneEvent();
    void editsAreVersionedWritesWithFieldHistory_data() { dialects(); }
    void editsAreVersionedWritesWithFieldHistory();
    void webhookCursorsPersist_data() { dialects(); }
    void webhookCursorsPersist();
    void trimKeepsEventsAfterAFloor_data() { dialects(); }
    void trimKeepsEventsAfterAFloor();
    void sqliteStoresHearEachOthersCommits();
    void keptStatementsAreReusedAndReleased();
    // Parsing of --db.
    void databaseLocation_data();
    void databaseLocation();
    void unreachablePostgresIsAClearError();
    // PostgreSQL only: several Stores (instances) on one database.
    void pgOverUnixSocket();
    void pgMigrationsAndSharedEpoch();
    void pgEveryStoreReadsEveryCommitOnce();
    void pgListenLinkHealsAfterTerminate();
};

int tst_Store::migrationWith(DatabaseLocation::Dialect dialect, const QByteArray &text)
{
    const QString dir = dialect == DatabaseLocation::Dialect::PostgreSQL ? u":/sql/postgresql"_s
                                                                         : u":/sql/sqlite"_s;
    for (int version = 1; version <= Database::latestSchemaVersion(dialect); ++version) {
        QFile file(u"%1/%2.sql"_s.arg(dir).arg(version, 3, 10, QLatin1Char('0')));
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(text))
            return version;
    }
    return 0;
}

void tst_Store::dialects()
{
    QTest::addColumn<bool>("postgres");
    QTest::newRow("sqlite") << false;
    if (havePostgres())
        QTest::newRow("postgresql") << true;
}

QString tst_Store::location(const QString &name)
{
    if (qstrcmp(QTest::currentDataTag(), "postgresql") != 0)
        return m_dir.filePath(name);
    return pgLocation(name);
}

QString tst_Store::pgLocation(const QString &name)
{
    QString database = name;
    database.remove(u".sqlite"_s).replace(u'-', u'_');
    if (!m_databases.contains(database)) {
        if (!m_cluster.createDatabase(database))
            qFatal("cannot create database %s: %s", qPrintable(database),
                qPrintable(m_cluster.errorString()));
        m_databases.insert(database);
    }
    return m_cluster.url(database);
}

qint64 tst_Store::rawInt(const QString &location, const QString &sql)
{
    if (location.startsWith("postgresql://"_L1)) {
        const QStringList rows = m_cluster.query(location.section(u'/', -1), sql);
        return rows.isEmpty() ? -1 : rows.first().toLongLong();
    }
    const QString name = u"tst-raw"_s;
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(location);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

void tst_Store::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The dialect-independent cases run on both; without PostgreSQL only on SQLite (or fail
    // with OPS_REQUIRE_POSTGRES=1).
    const QString why = PgCluster::unavailableReason();
    if (why.isEmpty())
        QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    else if (PgCluster::required())
        QFAIL(qPrintable(u"OPS_REQUIRE_POSTGRES=1 but "_s + why));
    // Otherwise the "postgresql" rows are left out and the pg* cases skip with the reason.
}

void tst_Store::migrationSetsUserVersion()
{
    const QString path = location(u"migrate.sqlite"_s);
    {
        Store store;
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.schemaVersion(), latestSqlite());
        QVERIFY(!store.epoch().isEmpty());
        QCOMPARE(store.log().head().seq, 0);
    }
    QCOMPARE(rawInt(path, u"PRAGMA user_version"_s), latestSqlite());
    QCOMPARE(rawInt(path,
                 u"SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                 "('orders', 'event_log', 'meta', 'order_history', 'drivers', "
                 "'payments', 'alerts', 'idempotency_keys', 'imports', 'webhook_cursors')"_s),
        10);
    // Orders keep their pickup position and ETA.
    QCOMPARE(rawInt(path,
                 u"SELECT COUNT(*) FROM pragma_table_info('orders') WHERE name IN "
                 "('pickup_lat', 'pickup_lon', 'eta_at', 'eta_estimate')"_s),
        4);
    // Reopening runs no migration twice (it would fail on CREATE TABLE).
    Store again;
    QVERIFY(again.open(path).ok());
    QCOMPARE(again.schemaVersion(), latestSqlite());
}

void tst_Store::seedIsDeterministicAndIdempotent()
{
    Store a;
    Store b;
    QVERIFY(a.open(location(u"seed-a.sqlite"_s)).ok());
    QVERIFY(b.open(location(u"seed-b.sqlite"_s)).ok());
    // The demo's day is built around its start: the same seed and start time, the same orders
    // (two calls a moment apart may fall either side of a second).
    const QDateTime start = QDateTime::currentDateTimeUtc();
    QVERIFY(Demo::seedOrders(a, 50, 7, start).ok());
    QVERIFY(Demo::seedOrders(b, 50, 7, start).ok());
    const auto listA = a.orders().list();
    const auto listB = b.orders().list();
    QCOMPARE(listA.orders.size(), 50);
    QVERIFY(listA.orders == listB.orders);
    QCOMPARE(listA.orders.first().id, u"ORD-00001"_s);
    QCOMPARE(listA.orders.last().id, u"ORD-00050"_s);
    QSet<QString> regions;
    for (const Order &o : listA.orders) {
        regions.insert(o.region);
        QCOMPARE(o.version, 1);
        QVERIFY(o.amountCents > 0);
        QVERIFY(!o.customer.isEmpty());
    }
    QCOMPARE(regions, (QSet<QString> { u"north"_s, u"south"_s, u"east"_s, u"west"_s }));

    // A different seed gives different data.
    Store c;
    QVERIFY(c.open(location(u"seed-c.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(c, 50, 8, start).ok());
    QVERIFY(c.orders().list().orders != listA.orders);

    // Idempotent: a second seed with other parameters changes nothing, and seeding logs no events.
    QVERIFY(Demo::seedOrders(a, 80, 99).ok());
    QVERIFY(a.orders().list().orders == listA.orders);
    QCOMPARE(a.log().head().seq, 0);

    // The drivers come with them: every order past "new" has a driver of its region, and
    // whoever carries a picked-up or in-transit order is en route; open "new" orders have none.
    QVERIFY(Demo::seedDrivers(a, 12, 7).ok());
    QHash<QString, Driver> drivers;
    for (const Driver &d : a.drivers().list({}).items)
        drivers.insert(d.id, d);
    int withDriver = 0;
    for (const Order &o : a.orders().list().orders) {
        if (o.status == OrderStatus::New || o.status == OrderStatus::Cancelled
            || o.status == OrderStatus::Failed) {
            QVERIFY2(o.driverId.isEmpty(), qPrintable(o.id));
            continue;
        }
        QVERIFY2(drivers.contains(o.driverId), qPrintable(o.id));
        QCOMPARE(drivers.value(o.driverId).region, o.region);
        ++withDriver;
        if (o.status == OrderStatus::PickedUp || o.status == OrderStatus::InTransit)
            QCOMPARE(toString(drivers.value(o.driverId).status), u"en_route"_s);
    }
    QVERIFY(withDriver > 0);
    QCOMPARE(a.log().head().seq, 0); // still no events: seeding is not a change anyone missed
    // Seeding drivers again changes nothing.
    const QList<Order> assigned = a.orders().list().orders;
    QVERIFY(Demo::seedDrivers(a, 12, 8).ok());
    QVERIFY(a.orders().list().orders == assigned);
}

void tst_Store::updateBumpsVersionAndAppendsOneEvent()
{
    const QString path = location(u"update.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 20, 1).ok());
    const auto list = store.orders().list();
    const auto fresh = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(fresh != list.orders.end());
    const std::optional<Order> before = *fresh;
    const OrderStatus to = OrderStatus::Assigned;

    QSignalSpy spy(&store, &Store::eventAppended);
    const StoreWrite<Order> result =
        OrderService(store).setStatus(before->id, to, before->version, u"tester"_s);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.item->version, before->version + 1);
    QCOMPARE(toString(result.item->status), toString(to));
    QVERIFY(result.item->updatedAt > before->updatedAt);
    QVERIFY(store.orders().get(before->id) == result.item);

    QCOMPARE(spy.size(), 1);
    const auto event = spy.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.seq, 1);
    QCOMPARE(event.type, u"order.updated"_s);
    QCOMPARE(event.entity, u"order"_s);
    QCOMPARE(event.id, before->id);
    QCOMPARE(event.version, before->version + 1);
    QCOMPARE(event.epoch, store.epoch());
    QCOMPARE(store.log().head().seq, 1);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), 1);
    QCOMPARE(rawInt(path, u"SELECT version FROM event_log WHERE seq = 1"_s), before->version + 1);
    // Without If-Match the write goes through at whatever version is current.
    const auto second =
        OrderService(store).setStatus(before->id, OrderStatus::PickedUp, std::nullopt, u"tester"_s);
    QVERIFY(second.ok());
    QCOMPARE(second.item->version, before->version + 2);
    QCOMPARE(store.log().head().seq, 2);
}

void tst_Store::staleVersionConflictChangesNothing()
{
    const QString path = location(u"conflict.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 10, 3).ok());
    const auto list = store.orders().list();
    const auto open = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(open != list.orders.end());
    // Another writer moves the order on first.
    QVERIFY(
        OrderService(store).setStatus(open->id, OrderStatus::Assigned, open->version, u"a"_s).ok());
    const auto current = store.orders().get(open->id);
    QVERIFY(current);
    const qint64 headBefore = store.log().head().seq;

    QSignalSpy spy(&store, &Store::eventAppended);
    // The version the caller read before the first write is now stale.
    // A valid transition from the current state, but based on a stale version.
    const auto result =
        OrderService(store).setStatus(open->id, OrderStatus::Cancelled, open->version, u"b"_s);
    QCOMPARE(result.error.kind, ErrorKind::Conflict);
    QVERIFY(result.item);
    QVERIFY(*result.item == *current);
    QCOMPARE(spy.size(), 0);
    QVERIFY(store.orders().get(open->id) == current);
    QCOMPARE(store.log().head().seq, headBefore);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), headBefore);
}

void tst_Store::invalidTransitionChangesNothing()
{
    const QString path = location(u"transition.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 10, 3).ok());
    const auto list = store.orders().list();
    const auto fresh = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(fresh != list.orders.end());
    QSignalSpy spy(&store, &Store::eventAppended);
    // new → delivered skips the lifecycle.
    const auto result =
        OrderService(store).setStatus(fresh->id, OrderStatus::Delivered, std::nullopt, u"tester"_s);
    QCOMPARE(result.error.kind, ErrorKind::BadRequest);
    QCOMPARE(spy.size(), 0);
    QVERIFY(store.orders().get(fresh->id) == *fresh);
    QCOMPARE(store.log().head().seq, 0);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), 0);
}

void tst_Store::unknownOrderIsNotFound()
{
    Store store;
    QVERIFY(store.open(location(u"notfound.sqlite"_s)).ok());
    const auto result = OrderService(store).setStatus(
        u"ORD-99999"_s, OrderStatus::Assigned, std::nullopt, u"tester"_s);
    QCOMPARE(result.error.kind, ErrorKind::NotFound);
    QVERIFY(!store.orders().get(u"ORD-99999"_s));
}

void tst_Store::eventsAfterInSeqOrder()
{
    Store store;
    QVERIFY(store.open(location(u"events.sqlite"_s)).ok());
    for (int i = 0; i < 5; ++i) {
        Order draft;
        draft.customer = u"Customer %1"_s.arg(i);
        draft.region = u"north"_s;
        draft.dueAt = QDateTime::currentDateTimeUtc();
        QVERIFY(OrderService(store).create(draft, u"tester"_s).ok());
    }
    QVERIFY(OrderService(store).setStatus(u"ORD-00002"_s, OrderStatus::Assigned, 1, u"t"_s).ok());
    const QList<ChangeEvent> all = store.log().eventsAfter(0, 100);
    QCOMPARE(all.size(), 6);
    for (qsizetype i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i).seq, i + 1);
    QCOMPARE(all.at(0).type, u"order.created"_s);
    QCOMPARE(all.at(5).type, u"order.updated"_s);
    QCOMPARE(all.at(5).id, u"ORD-00002"_s);
    QCOMPARE(all.at(5).version, 2);

    const QList<ChangeEvent> tail = store.log().eventsAfter(3, 2);
    QCOMPARE(tail.size(), 2);
    QCOMPARE(tail.at(0).seq, 4);
    QCOMPARE(tail.at(1).seq, 5);
    QVERIFY(store.log().eventsAfter(6, 10).isEmpty());
    QCOMPARE(store.log().oldestSeq(), 1);
}

void tst_Store::createOrderAssignsNextId()
{
    Store store;
    QVERIFY(store.open(location(u"create.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 3, 1).ok());
    Order draft;
    draft.customer = u"New Customer"_s;
    draft.region = u"west"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc();
    const auto result = OrderService(store).create(draft, u"tester"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.item->id, u"ORD-00004"_s);
    QCOMPARE(result.item->version, 1);
    QCOMPARE(result.event->type, u"order.created"_s);
    QCOMPARE(store.orders().count(), 4);
    draft.id = u"ORD-00004"_s;
    QCOMPARE(OrderService(store).create(draft, u"tester"_s).error.kind, ErrorKind::Conflict);
}

void tst_Store::epochPersistsAcrossReopen()
{
    const QString path = location(u"epoch.sqlite"_s);
    QString epoch;
    {
        Store store;
        QVERIFY(store.open(path).ok());
        epoch = store.epoch();
        QCOMPARE(epoch.size(), 16);
    }
    Store reopened;
    QVERIFY(reopened.open(path).ok());
    QCOMPARE(reopened.epoch(), epoch);
    Store other;
    QVERIFY(other.open(location(u"epoch-other.sqlite"_s)).ok());
    QVERIFY(other.epoch() != epoch);
}

void tst_Store::listPositionEqualsHead()
{
    Store store;
    QVERIFY(store.open(location(u"list.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 20, 5).ok());
    QCOMPARE(store.orders().list().position, (StreamPosition { store.epoch(), 0 }));
    const auto list = store.orders().list();
    const auto open = std::find_if(
        list.orders.begin(), list.orders.end(), [](const Order &o) { return !isFinal(o.status); });
    QVERIFY(
        OrderService(store).setStatus(open->id, OrderStatus::Failed, std::nullopt, u"t"_s).ok());
    const auto after = store.orders().list();
    QCOMPARE(after.position, store.log().head());
    QCOMPARE(after.position.seq, 1);
    QCOMPARE(after.orders.size(), 20);
}

void tst_Store::trimAndResetLog()
{
    Store store;
    QVERIFY(store.open(location(u"trim.sqlite"_s)).ok());
    for (int i = 0; i < 6; ++i) {
        Order draft;
        draft.customer = u"C"_s;
        draft.region = u"east"_s;
        draft.dueAt = QDateTime::currentDateTimeUtc();
        QVERIFY(OrderService(store).create(draft, u"t"_s).ok());
    }
    QCOMPARE(store.log().trim(2), 4);
    QCOMPARE(store.log().oldestSeq(), 5);
    QCOMPARE(store.log().head().seq, 6);
    QCOMPARE(store.log().eventsAfter(0, 10).size(), 2);
    // Trimming everything keeps the head: seq never goes back.
    QCOMPARE(store.log().trim(0), 2);
    QCOMPARE(store.log().head().seq, 6);
    QCOMPARE(store.log().oldestSeq(), 7);

    const QString oldEpoch = store.epoch();
    QVERIFY(store.resetLog().ok());
    QVERIFY(store.epoch() != oldEpoch);
    QCOMPARE(store.log().head(), (StreamPosition { store.epoch(), 0 }));
}

void tst_Store::badRowsAreSkipped()
{
    const QString path = location(u"bad.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 3, 1).ok());
    {
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE orders SET status = 'teleported' WHERE id = 'ORD-00002'"_s));
        QVERIFY(q.exec(u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields) "
                       "VALUES ('order.updated', 'order', 'ORD-00001', 2, 'not a time', '{}')"_s));
    }
    // Each bad row is logged (and would fail the test if it were not).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid orders row"_s));
    const auto list = store.orders().list();
    QCOMPARE(list.orders.size(), 2);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid orders row"_s));
    QVERIFY(!store.orders().get(u"ORD-00002"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid event_log row"_s));
    QVERIFY(store.log().eventsAfter(0, 10).isEmpty());
}

void tst_Store::historyRecordsEveryChange()
{
    Store store;
    QVERIFY(store.open(location(u"history.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 10, 3).ok());
    const auto created =
        OrderService(store).create(Order { {}, u"C"_s, u"north"_s, {}, {}, {}, {}, OrderStatus::New,
                                       100, QDateTime::currentDateTimeUtc(), {}, 0 },
            u"ann"_s);
    QVERIFY(created.ok());
    const QString id = created.item->id;
    QVERIFY(OrderService(store).setStatus(id, OrderStatus::Assigned, 1, u"bob"_s).ok());
    QVERIFY(!OrderService(store).setStatus(id, OrderStatus::Delivered, 2, u"bob"_s).ok());
    const auto history = store.orders().history(id);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).field, u"created"_s);
    QCOMPARE(history.at(0).actor, u"ann"_s);
    QCOMPARE(history.at(0).seq, 1);
    QCOMPARE(history.at(1).field, u"status"_s);
    QCOMPARE(history.at(1).from, u"new"_s);
    QCOMPARE(history.at(1).to, u"assigned"_s);
    QCOMPARE(history.at(1).actor, u"bob"_s);
    QCOMPARE(history.at(1).seq, 2);
    // A seeded order has the history the seed gave it: no events (seq 0), creation first.
    const auto seeded = store.orders().history(u"ORD-00001"_s);
    QVERIFY(!seeded.isEmpty());
    QCOMPARE(seeded.first().field, u"created"_s);
    for (const OrderHistoryEntry &h : seeded)
        QCOMPARE(h.seq, 0);
}

void tst_Store::queryOrdersFiltersSortsAndPages()
{
    Store store;
    QVERIFY(store.open(location(u"query.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 60, 9).ok());
    const QList<Order> all = store.orders().list().orders;

    OrderQuery query;
    query.statuses = { u"new"_s };
    query.visibleRegions = { u"north"_s, u"east"_s };
    query.sort = u"dueAt"_s;
    query.descending = true;
    const auto filtered = store.orders().query(query);
    QVERIFY(filtered.error.ok());
    qsizetype expected = 0;
    for (const Order &o : all)
        expected +=
            o.status == OrderStatus::New && (o.region == "north"_L1 || o.region == "east"_L1);
    QCOMPARE(filtered.orders.size(), expected);
    QCOMPARE(filtered.total, expected);
    for (qsizetype i = 1; i < filtered.orders.size(); ++i)
        QVERIFY(filtered.orders.at(i - 1).dueAt >= filtered.orders.at(i).dueAt);

    OrderQuery page;
    page.limit = 7;
    page.offset = 14;
    const auto paged = store.orders().query(page);
    QCOMPARE(paged.total, 60);
    QCOMPARE(paged.orders, all.mid(14, 7));

    OrderQuery bad;
    bad.sort = u"secret; DROP TABLE orders"_s;
    QCOMPARE(store.orders().query(bad).error.kind, ErrorKind::BadRequest);
    QCOMPARE(store.orders().count(), 60);
}

void tst_Store::changedAfterReturnsDeltas()
{
    Store store;
    QVERIFY(store.open(location(u"delta.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 30, 4).ok());
    QList<Order> open;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New)
            open.append(o);
    }
    QVERIFY(open.size() >= 2);
    QVERIFY(OrderService(store).setStatus(open.at(0).id, OrderStatus::Assigned, 1, u"t"_s).ok());
    const qint64 since = store.log().head().seq;
    QVERIFY(OrderService(store).setStatus(open.at(1).id, OrderStatus::Assigned, 1, u"t"_s).ok());
    OrderQuery query;
    query.changedAfter = since;
    const auto delta = store.orders().query(query);
    QCOMPARE(delta.orders.size(), 1);
    QCOMPARE(delta.orders.at(0).id, open.at(1).id);
    QCOMPARE(delta.position.seq, since + 1);
    query.changedAfter = 0;
    QCOMPARE(store.orders().query(query).orders.size(), 2);
    // A reset log starts the epoch afresh: nothing counts as changed after seq 0 any more.
    QVERIFY(store.resetLog().ok());
    QCOMPARE(store.orders().query(query).orders.size(), 0);
}

namespace {

//! The first order of \a store in \a status.
std::optional<Order> firstInStatus(const Store &store, OrderStatus status)
{
    for (const Order &o : store.orders().list().orders) {
        if (o.status == status)
            return o;
    }
    return std::nullopt;
}

} // namespace

void tst_Store::orderPositionRoundTrips()
{
    Store store;
    QVERIFY(store.open(location(u"position.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 40, 6).ok());
    // Seeded orders lie near their region's centre and have no driver.
    for (const Order &o : store.orders().list().orders) {
        QVERIFY2(o.dropoffAt, qPrintable(o.id));
        const auto centre = Demo::regionCentre(o.region);
        QVERIFY(centre);
        QVERIFY(qAbs(o.dropoffAt->lat - centre->lat) <= 0.015);
        QVERIFY(qAbs(o.dropoffAt->lon - centre->lon) <= 0.025);
        QVERIFY(o.driverId.isEmpty());
    }
    Order draft;
    draft.customer = u"C"_s;
    draft.region = u"east"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc();
    draft.dropoffAt = GeoPoint { 51.5123456789, -0.0456789012 };
    const auto created = OrderService(store).create(draft, u"t"_s);
    QVERIFY(created.ok());
    const auto read = store.orders().get(created.item->id);
    QVERIFY(read);
    QVERIFY(read->dropoffAt);
    QCOMPARE(read->dropoffAt->lat, 51.5123456789);
    QCOMPARE(read->dropoffAt->lon, -0.0456789012);
    QVERIFY(*read == *created.item);
    draft.dropoffAt.reset();
    const auto without = OrderService(store).create(draft, u"t"_s);
    QVERIFY(without.ok());
    QVERIFY(!store.orders().get(without.item->id)->dropoffAt);
}

void tst_Store::relaxedWritesDoNotWaitForTheDisk()
{
    QFETCH(bool, postgres);
    const QString path = location(u"durability.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedDrivers(store, 2, 1).ok());
    const QString driverId = store.drivers().list({}).items.constFirst().id;
    const QSqlDatabase db = QSqlDatabase::database(store.connectionName(), false);
    // What the write connection does at COMMIT: PostgreSQL's synchronous_commit, SQLite's
    // synchronous (2 = FULL: wait for the disk; 1 = NORMAL: WAL appended, no fsync).
    const auto setting = [&db, postgres] {
        QSqlQuery q(db);
        if (!q.exec(postgres ? u"SHOW synchronous_commit"_s : u"PRAGMA synchronous"_s) || !q.next())
            return u"unreadable: "_s + q.lastError().text();
        return q.value(0).toString();
    };
    const QString full = postgres ? u"on"_s : u"2"_s;
    const QString relaxed = postgres ? u"off"_s : u"1"_s;
    if (postgres) {
        // The test cluster does not wait for its disk at all (PgCluster); this connection does,
        // like a production server.
        QSqlQuery q(db);
        QVERIFY2(q.exec(u"SET synchronous_commit = on"_s), qPrintable(q.lastError().text()));
    }
    QCOMPARE(setting(), full);

    const auto writeWith = [&](Sql::Durability durability, bool refuse) {
        QString inside;
        const StoreWrite<Driver> write = store.drivers().update(
            driverId, std::nullopt, u"t"_s,
            [&](const Driver &current, Driver &next) -> Error {
                inside = setting();
                if (refuse)
                    return Error { ErrorKind::BadRequest, u"no"_s };
                next.phone = current.phone + u"1"_s;
                return {};
            },
            durability);
        return std::pair { write.ok(), inside };
    };
    // Only the relaxed write's own transaction commits without waiting, committed or rolled
    // back; the connection is back to waiting for the disk after it.
    QCOMPARE(writeWith(Sql::Durability::Relaxed, false), std::pair(true, relaxed));
    QCOMPARE(setting(), full);
    QCOMPARE(writeWith(Sql::Durability::Full, false), std::pair(true, full));
    QCOMPARE(writeWith(Sql::Durability::Relaxed, true), std::pair(false, relaxed));
    QCOMPARE(setting(), full);
    QCOMPARE(writeWith(Sql::Durability::Full, false), std::pair(true, full));
    // Both relaxed-or-not writes are there, durably or not, for every reader.
    QCOMPARE(store.drivers().get(driverId)->phone.right(3), u"111"_s);
}

void tst_Store::driverChangeIsAVersionedWrite()
{
    const QString path = location(u"assign.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 30, 2).ok());
    QVERIFY(Demo::seedDrivers(store, 8, 2).ok());
    const auto fresh = firstInStatus(store, OrderStatus::New);
    QVERIFY(fresh);
    QSignalSpy spy(&store, &Store::eventAppended);

    // Status and driver in one write: one version, one event, two history rows.
    const auto assigned = OrderService(store).change(
        fresh->id, OrderChange { OrderStatus::Assigned, u"DRV-003"_s }, fresh->version, u"ann"_s);
    QVERIFY2(assigned.ok(), qPrintable(assigned.error.message));
    QVERIFY(assigned.item->status == OrderStatus::Assigned);
    QCOMPARE(assigned.item->driverId, u"DRV-003"_s);
    QCOMPARE(assigned.item->version, fresh->version + 1);
    QVERIFY(store.orders().get(fresh->id) == assigned.item);
    QCOMPARE(spy.size(), 1);
    auto event = spy.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.type, u"order.updated"_s);
    QCOMPARE(event.version, fresh->version + 1);
    QCOMPARE(event.fields,
        (QJsonObject { { "driverId"_L1, u"DRV-003"_s }, { "status"_L1, u"assigned"_s },
            { "updatedAt"_L1, assigned.item->updatedAt.toString(Qt::ISODateWithMs) } }));
    // This write's rows (the seed left the creation, seq 0).
    auto history = store.orders().history(fresh->id);
    history.removeIf([](const OrderHistoryEntry &h) { return h.seq == 0; });
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).field, u"status"_s);
    QCOMPARE(history.at(1).field, u"driver"_s);
    QCOMPARE(history.at(1).from, QString());
    QCOMPARE(history.at(1).to, u"DRV-003"_s);
    QCOMPARE(history.at(1).actor, u"ann"_s);
    QCOMPARE(history.at(1).seq, event.seq);
    // The activity feed shows one entry per event, not one per history row.
    const auto feed = store.log().recent({}, {}, 10);
    QCOMPARE(feed.items.size(), 1);
    QCOMPARE(feed.items.at(0).value("field"_L1).toString(), u"status"_s);

    // Reassigned alone.
    const auto reassigned = OrderService(store).change(
        fresh->id, OrderChange { std::nullopt, u"DRV-007"_s }, assigned.item->version, u"bob"_s);
    QVERIFY2(reassigned.ok(), qPrintable(reassigned.error.message));
    QVERIFY(reassigned.item->status == OrderStatus::Assigned);
    QCOMPARE(reassigned.item->driverId, u"DRV-007"_s);
    QCOMPARE(reassigned.item->version, fresh->version + 2);
    event = spy.at(1).at(0).value<ChangeEvent>();
    QCOMPARE(event.fields,
        (QJsonObject { { "driverId"_L1, u"DRV-007"_s },
            { "updatedAt"_L1, reassigned.item->updatedAt.toString(Qt::ISODateWithMs) } }));
    history = store.orders().history(fresh->id);
    history.removeIf([](const OrderHistoryEntry &h) { return h.seq == 0; });
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.at(2).field, u"driver"_s);
    QCOMPARE(history.at(2).from, u"DRV-003"_s);
    QCOMPARE(history.at(2).to, u"DRV-007"_s);
    QCOMPARE(history.at(2).actor, u"bob"_s);

    // A stale version conflicts and changes nothing.
    const qint64 head = store.log().head().seq;
    const auto stale = OrderService(store).change(
        fresh->id, OrderChange { std::nullopt, u"DRV-001"_s }, assigned.item->version, u"bob"_s);
    QCOMPARE(stale.error.kind, ErrorKind::Conflict);
    QVERIFY(stale.item == reassigned.item);
    QCOMPARE(store.log().head().seq, head);

    // Unassigned (null on the wire): empty.
    const auto unassigned = OrderService(store).change(
        fresh->id, OrderChange { std::nullopt, QString() }, std::nullopt, u"bob"_s);
    QVERIFY2(unassigned.ok(), qPrintable(unassigned.error.message));
    QVERIFY(unassigned.item->driverId.isEmpty());
    QVERIFY(store.orders().get(fresh->id)->driverId.isEmpty());
    event = spy.at(2).at(0).value<ChangeEvent>();
    QCOMPARE(event.fields,
        (QJsonObject { { "driverId"_L1, QJsonValue(QJsonValue::Null) },
            { "updatedAt"_L1, unassigned.item->updatedAt.toString(Qt::ISODateWithMs) } }));
    QCOMPARE(store.orders().history(fresh->id).last().to, QString());

    // Back to new clears the driver; a status change alone keeps it.
    QVERIFY(
        OrderService(store)
            .change(fresh->id, OrderChange { std::nullopt, u"DRV-002"_s }, std::nullopt, u"bob"_s)
            .ok());
    const auto back =
        OrderService(store).setStatus(fresh->id, OrderStatus::New, std::nullopt, u"bob"_s);
    QVERIFY2(back.ok(), qPrintable(back.error.message));
    QVERIFY(back.item->driverId.isEmpty());
    QCOMPARE(store.orders().history(fresh->id).last().field, u"driver"_s);
    QCOMPARE(store.orders().history(fresh->id).last().from, u"DRV-002"_s);
    QVERIFY(OrderService(store)
                .change(fresh->id, OrderChange { OrderStatus::Assigned, u"DRV-004"_s },
                    std::nullopt, u"bob"_s)
                .ok());
    const auto picked =
        OrderService(store).setStatus(fresh->id, OrderStatus::PickedUp, std::nullopt, u"bob"_s);
    QVERIFY(picked.ok());
    QCOMPARE(picked.item->driverId, u"DRV-004"_s);
    // A status change without a driver change carries the status and the time, not the driver:
    // with the version, that is all a client needs to patch the row it holds.
    QCOMPARE(spy.last().at(0).value<ChangeEvent>().fields,
        (QJsonObject { { "status"_L1, u"picked_up"_s },
            { "updatedAt"_L1, picked.item->updatedAt.toString(Qt::ISODateWithMs) } }));
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), store.log().head().seq);
}

void tst_Store::driverChangeIsValidated()
{
    Store store;
    QVERIFY(store.open(location(u"assign-bad.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 30, 2).ok());
    QVERIFY(Demo::seedDrivers(store, 8, 2).ok());
    const auto fresh = firstInStatus(store, OrderStatus::New);
    const auto done = firstInStatus(store, OrderStatus::Delivered);
    QVERIFY(fresh);
    QVERIFY(done);
    QSignalSpy spy(&store, &Store::eventAppended);
    const auto expectBad = [&](const QString &id, const OrderChange &change,
                               const QString &reason) {
        const auto result = OrderService(store).change(id, change, std::nullopt, u"t"_s);
        QCOMPARE(result.error.kind, ErrorKind::BadRequest);
        QVERIFY2(result.error.message.contains(reason), qPrintable(result.error.message));
    };
    expectBad(fresh->id, { std::nullopt, u"DRV-999"_s }, u"'driverId': driver DRV-999 not found"_s);
    expectBad(fresh->id, { OrderStatus::Assigned, u"DRV-999"_s }, u"driverId"_s);
    expectBad(done->id, { std::nullopt, u"DRV-001"_s }, u"only an open order"_s);
    expectBad(fresh->id, { OrderStatus::Cancelled, u"DRV-001"_s }, u"only an open order"_s);
    expectBad(fresh->id, { std::nullopt, QString() }, u"has no driver already"_s);
    expectBad(fresh->id, {}, u"nothing to change"_s);
    QCOMPARE(spy.size(), 0);
    QVERIFY(store.orders().get(fresh->id) == *fresh);
    QVERIFY(store.orders().get(done->id) == *done);
    QCOMPARE(store.log().head().seq, 0);
    // An open order may take a driver before it is assigned, but not on its way back to new.
    QVERIFY(OrderService(store)
                .change(fresh->id, { std::nullopt, u"DRV-001"_s }, std::nullopt, u"t"_s)
                .ok());
    QVERIFY(
        OrderService(store).setStatus(fresh->id, OrderStatus::Assigned, std::nullopt, u"t"_s).ok());
    expectBad(fresh->id, { OrderStatus::New, u"DRV-002"_s }, u"going back to new"_s);
    QCOMPARE(store.orders().get(fresh->id)->driverId, u"DRV-001"_s);
}

void tst_Store::queryOrdersByDriver()
{
    Store store;
    QVERIFY(store.open(location(u"by-driver.sqlite"_s)).ok());
    // Drivers first, so the demo orders get none and only the three below have one.
    QVERIFY(Demo::seedDrivers(store, 8, 5).ok());
    QVERIFY(Demo::seedOrders(store, 40, 5).ok());
    QStringList fresh;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New)
            fresh.append(o.id);
    }
    QVERIFY(fresh.size() >= 3);
    const auto assign = [&](const QString &id, const QString &driver) {
        return OrderService(store)
            .change(id, { OrderStatus::Assigned, driver }, std::nullopt, u"t"_s)
            .ok();
    };
    QVERIFY(assign(fresh.at(0), u"DRV-002"_s));
    const qint64 since = store.log().head().seq;
    QVERIFY(assign(fresh.at(1), u"DRV-001"_s));
    QVERIFY(assign(fresh.at(2), u"DRV-002"_s));

    OrderQuery query;
    query.drivers = { u"DRV-002"_s };
    auto list = store.orders().query(query);
    QCOMPARE(list.total, 2);
    QCOMPARE(list.orders.size(), 2);
    QCOMPARE(list.orders.at(0).id, fresh.at(0));
    QCOMPARE(list.orders.at(1).id, fresh.at(2));
    query.drivers = { u"DRV-001"_s, u"DRV-002"_s };
    QCOMPARE(store.orders().query(query).total, 3);

    // Sorted by driver: no driver first (on both dialects), then by id within a driver.
    OrderQuery sorted;
    sorted.sort = u"driverId"_s;
    list = store.orders().query(sorted);
    QCOMPARE(list.orders.size(), 40);
    const QList<Order> tail = list.orders.mid(37);
    QCOMPARE(tail.at(0).driverId, u"DRV-001"_s);
    QCOMPARE(tail.at(1).id, fresh.at(0));
    QCOMPARE(tail.at(2).id, fresh.at(2));
    QVERIFY(list.orders.first().driverId.isEmpty());
    sorted.descending = true;
    QCOMPARE(store.orders().query(sorted).orders.first().id, fresh.at(2));

    // Delta reads ignore the filter (the caller tells "left the filter" apart).
    OrderQuery delta;
    delta.drivers = { u"DRV-002"_s };
    delta.changedAfter = since;
    QCOMPARE(store.orders().query(delta).orders.size(), 2);
}

void tst_Store::badPositionGivesNoPosition()
{
    Store store;
    QVERIFY(store.open(location(u"bad-position.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 4, 1).ok());
    {
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE orders SET lat = 123.0 WHERE id = 'ORD-00001'"_s));
        QVERIFY(q.exec(u"UPDATE orders SET lon = NULL WHERE id = 'ORD-00002'"_s));
        QVERIFY(q.exec(u"UPDATE orders SET lat = NULL, lon = NULL WHERE id = 'ORD-00003'"_s));
    }
    // Each bad value is logged (and would fail the test if it were not); the orders stay.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ORD-00001.*invalid lat/lon"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ORD-00002.*only one of lat/lon"_s));
    const auto list = store.orders().list();
    QCOMPARE(list.orders.size(), 4);
    QVERIFY(!list.orders.at(0).dropoffAt);
    QVERIFY(!list.orders.at(1).dropoffAt);
    QVERIFY(!list.orders.at(2).dropoffAt); // both NULL: simply none, nothing logged
    QVERIFY(list.orders.at(3).dropoffAt);
}

void tst_Store::previousSchemaMigratesWithItsOrders()
{
    const QString path = location(u"schema-3.sqlite"_s);
    const bool postgres = path.startsWith("postgresql://"_L1);
    const auto dialect =
        postgres ? DatabaseLocation::Dialect::PostgreSQL : DatabaseLocation::Dialect::SQLite;
    // The schema before orders had drivers and positions, found in the migration files (no
    // number is written here): everything from that migration on is undone below.
    const int withDriverId = migrationWith(dialect, "ADD COLUMN driver_id");
    const int withDevices = migrationWith(dialect, "CREATE TABLE driver_devices");
    QVERIFY(withDriverId > 1);
    QVERIFY(withDevices > withDriverId);
    QList<Order> before;
    QString changed;
    {
        Store store;
        QVERIFY(store.open(path).ok());
        QVERIFY(Demo::seedOrders(store, 12, 3).ok());
        QVERIFY(Demo::seedDrivers(store, 4, 3).ok());
        const auto fresh = firstInStatus(store, OrderStatus::New);
        QVERIFY(fresh);
        QVERIFY(OrderService(store)
                    .setStatus(fresh->id, OrderStatus::Assigned, std::nullopt, u"t"_s)
                    .ok());
        changed = fresh->id;
        before = store.orders().list().orders;
        // Back to the schema an older server left, before orders had drivers and positions:
        // first undo what came later (newest first), then drop driver_id, lat and lon.
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        const QStringList laterMigrations {
            // orders from outside: contact, notes, window, external reference, reasons,
            // idempotency keys, imports, webhook cursors (SQLite 8, PostgreSQL 7)
            u"DROP TABLE webhook_cursors"_s,
            u"DROP TABLE imports"_s,
            u"DROP TABLE idempotency_keys"_s,
            u"ALTER TABLE order_history DROP COLUMN reason"_s,
            u"DROP INDEX orders_external_ref"_s,
            u"ALTER TABLE orders DROP COLUMN external_ref"_s,
            u"ALTER TABLE orders DROP COLUMN window_start"_s,
            u"ALTER TABLE orders DROP COLUMN notes"_s,
            u"ALTER TABLE orders DROP COLUMN contact_phone"_s,
            u"ALTER TABLE orders DROP COLUMN contact_name"_s,
            // pickup position and ETA (SQLite 7, PostgreSQL 6)
            u"ALTER TABLE orders DROP COLUMN pickup_lat"_s,
            u"ALTER TABLE orders DROP COLUMN pickup_lon"_s,
            u"ALTER TABLE orders DROP COLUMN eta_at"_s,
            u"ALTER TABLE orders DROP COLUMN eta_estimate"_s,
            // drivers as data: devices, history, trail, phone, vehicle, active, the position's
            // time, source and readings (SQLite 6, PostgreSQL 5)
            u"DROP TABLE driver_devices"_s,
            u"DROP TABLE driver_history"_s,
            u"DROP TABLE driver_positions"_s,
            u"ALTER TABLE drivers DROP COLUMN phone"_s,
            u"ALTER TABLE drivers DROP COLUMN vehicle"_s,
            u"ALTER TABLE drivers DROP COLUMN active"_s,
            u"ALTER TABLE drivers DROP COLUMN position_at"_s,
            u"ALTER TABLE drivers DROP COLUMN position_source"_s,
            u"ALTER TABLE drivers DROP COLUMN position_device"_s,
            u"ALTER TABLE drivers DROP COLUMN battery"_s,
            u"ALTER TABLE drivers DROP COLUMN speed_kmh"_s,
            u"ALTER TABLE drivers DROP COLUMN bearing"_s,
            u"ALTER TABLE drivers DROP COLUMN accuracy_m"_s,
            // alerts: receipts, rules, who acted, escalation (SQLite 5, PostgreSQL 4)
            u"DROP TABLE alert_rules"_s,
            u"DROP TABLE alert_receipts"_s,
            u"DROP INDEX alerts_status"_s,
            u"ALTER TABLE alerts DROP COLUMN code"_s,
            u"ALTER TABLE alerts DROP COLUMN params"_s,
            u"ALTER TABLE alerts DROP COLUMN acknowledged_by"_s,
            u"ALTER TABLE alerts DROP COLUMN acknowledged_at"_s,
            u"ALTER TABLE alerts DROP COLUMN resolved_by"_s,
            u"ALTER TABLE alerts DROP COLUMN resolved_at"_s,
            u"ALTER TABLE alerts DROP COLUMN escalation"_s,
        };
        for (const QString &undo : laterMigrations)
            QVERIFY2(q.exec(undo), qPrintable(undo + u": "_s + q.lastError().text()));
        QVERIFY(q.exec(u"DROP INDEX orders_driver"_s));
        for (const QString &column : { u"driver_id"_s, u"lat"_s, u"lon"_s })
            QVERIFY2(q.exec(u"ALTER TABLE orders DROP COLUMN "_s + column),
                qPrintable(q.lastError().text()));
        QVERIFY(q.exec(postgres
                ? u"DELETE FROM schema_migrations WHERE version >= %1"_s.arg(withDriverId)
                : u"PRAGMA user_version = %1"_s.arg(withDriverId - 1)));
    }
    QCOMPARE(rawInt(path,
                 postgres ? u"SELECT COALESCE(MAX(version), 0) FROM schema_migrations"_s
                          : u"PRAGMA user_version"_s),
        withDriverId - 1);
    Store store;
    QVERIFY(store.open(path).ok());
    QCOMPARE(store.schemaVersion(), Database::latestSchemaVersion(dialect));
    // Drivers from before keep their position, taken when they were last seen.
    const auto drivers = store.drivers().list({});
    QCOMPARE(drivers.items.size(), 4);
    for (const Driver &d : drivers.items) {
        QVERIFY(d.hasPosition());
        QCOMPARE(d.positionAt, d.lastSeenAt);
        QVERIFY(d.active);
        QVERIFY(d.devices.isEmpty());
    }
    const auto after = store.orders().list();
    QVERIFY(after.error.ok());
    QCOMPARE(after.orders.size(), before.size());
    // The fields added later read as empty on the old rows.
    for (const Order &o : after.orders)
        QVERIFY(o.externalRef.isEmpty() && o.notes.isEmpty() && !o.windowStart.isValid()
            && !o.pickupAt);
    // The seed's own row (seq 0), then the change made before the downgrade.
    const auto history = store.orders().history(changed);
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).field, u"created"_s);
    QCOMPARE(history.at(1).to, u"assigned"_s);
    QVERIFY(history.at(1).reason.isEmpty());
    for (qsizetype i = 0; i < before.size(); ++i) {
        Order expected = before.at(i);
        expected.dropoffAt.reset(); // existing rows have no positions and no driver
        expected.pickupAt.reset();
        expected.driverId.clear();
        QCOMPARE(after.orders.at(i).driverId, QString());
        QVERIFY(!after.orders.at(i).dropoffAt);
        QVERIFY2(after.orders.at(i) == expected, qPrintable(expected.id));
    }
    // And take drivers from now on.
    const auto fresh = firstInStatus(store, OrderStatus::New);
    QVERIFY(fresh);
    QVERIFY(OrderService(store)
                .change(fresh->id, { OrderStatus::Assigned, u"DRV-001"_s }, std::nullopt, u"t"_s)
                .ok());
    OrderQuery byDriver;
    byDriver.drivers = { u"DRV-001"_s };
    QCOMPARE(store.orders().query(byDriver).total, 1);
}

void tst_Store::driverBatchIsOneWrite()
{
    Store store;
    QVERIFY(store.open(location(u"driver-batch.sqlite"_s)).ok());
    QVERIFY(Demo::seedDrivers(store, 4, 5).ok());
    Driver first = *store.drivers().get(u"DRV-001"_s);
    first.status = DriverStatus::EnRoute;
    first.lat += 0.001;
    Driver again = first;
    again.lon += 0.002;
    Driver missing = first;
    missing.id = u"DRV-999"_s;
    QSignalSpy announced(&store, &Store::eventAppended);
    const auto results = store.drivers().updateLive({ first, missing, again }, u"sim"_s);
    QCOMPARE(results.size(), 3);
    QVERIFY(results.at(0).ok());
    QCOMPARE(results.at(1).error.kind, ErrorKind::NotFound);
    QVERIFY(results.at(2).ok());
    // The same driver twice: the second write builds on the first.
    QCOMPARE(results.at(0).item->version, 2);
    QCOMPARE(results.at(2).item->version, 3);
    QCOMPARE(results.at(2).event->seq, results.at(0).event->seq + 1);
    QCOMPARE(announced.size(), 2);
    QCOMPARE(announced.at(0).at(0).value<ChangeEvent>().seq, results.at(0).event->seq);
    QCOMPARE(announced.at(1).at(0).value<ChangeEvent>().seq, results.at(2).event->seq);
    const Driver stored = *store.drivers().get(u"DRV-001"_s);
    QCOMPARE(stored.version, 3);
    QCOMPARE(stored.lat, again.lat);
    QCOMPARE(stored.lon, again.lon);
    QCOMPARE(store.log().head().seq, 2);
    QVERIFY(store.drivers().updateLive(QList<Driver> {}, u"sim"_s).isEmpty());
}

void tst_Store::driverUpdateCarriesFieldsAndRegion()
{
    Store store;
    QVERIFY(store.open(location(u"drivers.sqlite"_s)).ok());
    QVERIFY(Demo::seedDrivers(store, 8, 5).ok());
    const auto drivers = store.drivers().list({});
    QCOMPARE(drivers.items.size(), 8);
    QCOMPARE(store.drivers().list({ u"north"_s }).items.size(), 2);
    QSignalSpy logged(&store, &Store::eventLogged);
    Driver moved = drivers.items.at(0);
    moved.status = DriverStatus::EnRoute;
    moved.lat += 0.001;
    const auto result = store.drivers().updateLive(moved, u"sim"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.item->version, 2);
    QCOMPARE(logged.size(), 1);
    const auto event = logged.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.type, u"driver.updated"_s);
    QCOMPARE(event.fields.value("status"_L1).toString(), u"en_route"_s);
    QCOMPARE(event.fields.value("lat"_L1).toDouble(), moved.lat);
    QCOMPARE(logged.at(0).at(1).toString(), moved.region);
    const auto replay = store.log().loggedAfter(0, 10);
    QCOMPARE(replay.size(), 1);
    QCOMPARE(replay.at(0).region, moved.region);
    QCOMPARE(replay.at(0).event, event);
    QCOMPARE(*store.drivers().get(moved.id), *result.item);
}

void tst_Store::paymentsAndAlerts()
{
    Store store;
    QVERIFY(store.open(location(u"alerts.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(store, 5, 1).ok());
    const Order order = store.orders().list().orders.at(0);
    const auto payment = store.payments().create(order.id, u"card"_s, u"captured"_s, u"sim"_s);
    QVERIFY(payment.ok());
    QCOMPARE(payment.item->id, u"PAY-00001"_s);
    QCOMPARE(payment.item->amountCents, order.amountCents);
    QCOMPARE(payment.event->type, u"payment.created"_s);
    QCOMPARE(store.payments().list({}).items.size(), 1);
    QCOMPARE(store.payments().list({ u"nowhere"_s }).items.size(), 0);

    Alert draft;
    draft.kind = u"overdue_order"_s;
    draft.severity = u"critical"_s;
    draft.subjectId = order.id;
    draft.region = order.region;
    const auto raised = store.alerts().raise(draft, u"engine"_s);
    QVERIFY(raised.ok());
    QCOMPARE(raised.item->status, u"open"_s);
    // One unresolved alert per kind and subject.
    QCOMPARE(store.alerts().raise(draft, u"engine"_s).error.kind, ErrorKind::Conflict);
    const QString id = raised.item->id;
    QCOMPARE(AlertService(store).setStatus(id, u"acknowledged"_s, 7, u"ann"_s).error.kind,
        ErrorKind::Conflict);
    QVERIFY(AlertService(store).setStatus(id, u"acknowledged"_s, 1, u"ann"_s).ok());
    QVERIFY(AlertService(store).setStatus(id, u"resolved"_s, 2, u"ann"_s).ok());
    QCOMPARE(AlertService(store).setStatus(id, u"acknowledged"_s, 3, u"ann"_s).error.kind,
        ErrorKind::BadRequest);
    QCOMPARE(store.alerts().get(id)->version, 3);
    QVERIFY(store.alerts().raise(draft, u"engine"_s).ok()); // resolved: a new one may be raised
    QCOMPARE(store.log().head().seq, 5);
}

void tst_Store::kpisCountOverRegions()
{
    Store store;
    QVERIFY(store.open(location(u"kpis.sqlite"_s)).ok());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto make = [&](const QString &region, qint64 dueInSecs) {
        return OrderService(store).create(
            Order { {}, u"C"_s, region, {}, {}, {}, {}, OrderStatus::New, 1000,
                now.addSecs(dueInSecs), {}, 0 },
            u"t"_s);
    };
    const auto a = make(u"north"_s, 3600);
    const auto b = make(u"north"_s, -60); // late
    const auto c = make(u"south"_s, 3600);
    QVERIFY(a.ok() && b.ok() && c.ok());
    for (OrderStatus s : { OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
             OrderStatus::Delivered })
        QVERIFY(OrderService(store).setStatus(a.item->id, s, std::nullopt, u"t"_s).ok());
    QVERIFY(store.payments().create(a.item->id, u"card"_s, u"captured"_s, u"t"_s).ok());
    QVERIFY(Demo::seedDrivers(store, 4, 1).ok());

    const Kpis all = store.kpis().snapshot({}, QDateTime::currentDateTimeUtc());
    QCOMPARE(all.openOrders, 2);
    QCOMPARE(all.late, 1);
    QCOMPARE(all.deliveredToday, 1);
    QVERIFY(all.onTimePercent);
    QCOMPARE(*all.onTimePercent, 100.0);
    QCOMPARE(all.paymentsToday, 1);
    QCOMPARE(all.paymentsTodayCents, 1000);
    const Kpis south = store.kpis().snapshot({ u"south"_s }, QDateTime::currentDateTimeUtc());
    QCOMPARE(south.openOrders, 1);
    QCOMPARE(south.late, 0);
    QCOMPARE(south.deliveredToday, 0);
    QVERIFY(!south.onTimePercent);
    QCOMPARE(south.paymentsToday, 0);
    QVERIFY(south.driversOnline <= 1);
}

void tst_Store::trimByAgeKeepsLogContiguous()
{
    const QString path = location(u"age.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(Demo::seedOrders(store, 10, 2).ok());
    for (int i = 0; i < 4; ++i)
        QVERIFY(OrderService(store)
                    .create(Order { {}, u"C"_s, u"west"_s, {}, {}, {}, {}, OrderStatus::New, 1,
                                QDateTime::currentDateTimeUtc(), {}, 0 },
                        u"t"_s)
                    .ok());
    QCOMPARE(store.log().head().seq, 4);
    // Make seq 3 look old, out of order with seq 1 and 2: trimming must not leave a hole.
    {
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE event_log SET ts = '2000-01-01T00:00:00.000Z' WHERE seq = 3"_s));
    }
    QCOMPARE(store.log().trimOlderThan(QDateTime::currentDateTimeUtc().addSecs(-3600)), 3);
    QCOMPARE(store.log().oldestSeq(), 4);
    QCOMPARE(store.log().head().seq, 4);
}

void tst_Store::concurrentWritersKeepSeqInCommitOrder()
{
    const QString path = location(u"concurrent.sqlite"_s);
    {
        // Twelve new orders, ORD-00001 to ORD-00012, the writers toggle.
        Store setup;
        QVERIFY(setup.open(path).ok());
        Store::InitialState state;
        for (int i = 1; i <= 12; ++i) {
            state.orders.append(Order { u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0')), u"C"_s,
                u"north"_s, {}, {}, {}, {}, OrderStatus::New, 1, QDateTime::currentDateTimeUtc(),
                QDateTime::currentDateTimeUtc(), 1 });
        }
        QVERIFY(setup.insertInitialState(state).ok());
    }
    constexpr int kThreads = 4;
    constexpr int kWritesPerThread = 60;
    std::atomic<int> committed { 0 };
    std::atomic<int> failures { 0 };
    QList<QThread *> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.append(QThread::create([&, t] {
            // Each writer has its own Store (its own SQLite connection) on the same file.
            Store store;
            if (!store.open(path).ok()) {
                ++failures;
                return;
            }
            QRandomGenerator rng(quint32(100 + t));
            for (int i = 0; i < kWritesPerThread; ++i) {
                if (rng.bounded(5) == 0) {
                    const auto r = OrderService(store).create(
                        Order { {}, u"T%1"_s.arg(t), u"north"_s, {}, {}, {}, {}, OrderStatus::New,
                            1, QDateTime::currentDateTimeUtc(), {}, 0 },
                        u"writer-%1"_s.arg(t));
                    r.ok() ? ++committed : ++failures;
                    continue;
                }
                const QString id = u"ORD-%1"_s.arg(1 + rng.bounded(12), 5, 10, QLatin1Char('0'));
                const auto current = store.orders().get(id);
                if (!current || isFinal(current->status))
                    continue;
                // new <-> assigned toggles forever; other open states get cancelled.
                const OrderStatus to = current->status == OrderStatus::New ? OrderStatus::Assigned
                    : current->status == OrderStatus::Assigned             ? OrderStatus::New
                                                                           : OrderStatus::Cancelled;
                const auto r =
                    OrderService(store).setStatus(id, to, current->version, u"writer-%1"_s.arg(t));
                if (r.ok())
                    ++committed;
                else if (r.error.kind != ErrorKind::Conflict)
                    ++failures; // a conflict is the expected outcome of a lost race
            }
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(failures.load(), 0);
    QVERIFY(committed.load() > kThreads * kWritesPerThread / 2);

    Store check;
    QVERIFY(check.open(path).ok());
    const QList<ChangeEvent> events = check.log().eventsAfter(0, 100000);
    QCOMPARE(events.size(), committed.load());
    QHash<QString, qint64> lastVersion;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const ChangeEvent &e = events.at(i);
        // No gaps: seq i + 1 at index i.
        QCOMPARE(e.seq, i + 1);
        // Per order, versions grow by exactly one along seq order: seq order is commit order.
        const qint64 previous = lastVersion.value(e.id, e.type == "order.created"_L1 ? 0 : 1);
        QVERIFY2(e.version == previous + 1,
            qPrintable(u"%1 seq %2: version %3 after %4"_s.arg(e.id).arg(e.seq).arg(e.version).arg(
                previous)));
        lastVersion.insert(e.id, e.version);
    }
    for (auto it = lastVersion.cbegin(); it != lastVersion.cend(); ++it)
        QCOMPARE(check.orders().get(it.key())->version, it.value());
    // Every change has its audit row with the same seq.
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM order_history"_s), qint64(committed.load()));
    QCOMPARE(rawInt(path,
                 u"SELECT COUNT(*) FROM order_history h LEFT JOIN event_log e "
                 "ON e.seq = h.seq AND e.entity_id = h.order_id WHERE e.seq IS NULL"_s),
        0);
}

namespace {

Order draftOrder(const QString &customer)
{
    Order draft;
    draft.customer = customer;
    draft.region = u"north"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc();
    return draft;
}

} // namespace

namespace {

//! A draft as an import or a create sends it: every field set.
Order fullDraft(const QString &ref, const QString &region = u"north"_s)
{
    Order o;
    o.customer = u"Cafe "_s + ref;
    o.region = region;
    o.pickup = u"Depot"_s;
    o.dropoff = u"1 High St"_s;
    o.dueAt = QDateTime::currentDateTimeUtc().addSecs(7200);
    o.windowStart = o.dueAt.addSecs(-3600);
    o.dropoffAt = GeoPoint { 51.5, -0.12 };
    o.pickupAt = GeoPoint { 51.4, -0.1 };
    o.contactName = u"Ann"_s;
    o.contactPhone = u"+44 1234"_s;
    o.notes = u"ring"_s;
    o.amountCents = 995;
    o.externalRef = ref;
    return o;
}

} // namespace

void tst_Store::createDecidesKeyAndRefInItsTransaction()
{
    Store store;
    QVERIFY(store.open(location(u"create-keys.sqlite"_s)).ok());
    const CreateRequest request { fullDraft(u"K-1"_s), u"ann"_s, u"key-1"_s, "hash-a" };
    const CreateOutcome created = store.orders().create(request);
    QVERIFY2(created.ok(), qPrintable(created.error.message));
    QVERIFY(created.created);
    QCOMPARE(created.event->type, u"order.created"_s);
    QCOMPARE(created.event->fields, created.order->toJson()); // the whole row
    const Order stored = *store.orders().get(created.order->id);
    QCOMPARE(stored, *created.order); // every field round-trips through the row
    const qint64 head = store.log().head().seq;
    // The same key and request: the first answer, nothing written.
    const CreateOutcome replay = store.orders().create(request);
    QVERIFY(replay.ok() && replay.replay && !replay.created);
    QCOMPARE(replay.replay->status, 201);
    QCOMPARE(replay.replay->orderId, created.order->id);
    QCOMPARE(QJsonDocument::fromJson(replay.replay->body).object(), created.order->toJson());
    // The same key for another request; another user's same key; the same ref without a key.
    CreateRequest other = request;
    other.requestHash = "hash-b";
    QCOMPARE(store.orders().create(other).error.kind, ErrorKind::IdempotencyConflict);
    const CreateOutcome sameRef = store.orders().create({ fullDraft(u"K-1"_s), u"bob"_s, {}, {} });
    QVERIFY(sameRef.ok() && !sameRef.created && !sameRef.replay);
    QCOMPARE(sameRef.order->id, created.order->id);
    QCOMPARE(store.log().head().seq, head);
    // A key with an existing ref keeps the answer it got: 200 and that order.
    const CreateRequest keyed { fullDraft(u"K-1"_s), u"bob"_s, u"key-9"_s, "h" };
    QVERIFY(!store.orders().create(keyed).created);
    QCOMPARE(store.orders().create(keyed).replay->status, 200);
    QCOMPARE(store.orders().count(), 1);
    QCOMPARE(store.orders().trimIdempotencyKeys(QDateTime::currentDateTimeUtc().addSecs(60)), 2);
}

void tst_Store::importIsOneWriteWithOneEvent()
{
    Store store;
    QVERIFY(store.open(location(u"import.sqlite"_s)).ok());
    QVERIFY(OrderService(store).create(draftOrder(u"first"_s), u"t"_s).ok());
    const QList<Order> drafts { fullDraft(u"I-1"_s), fullDraft(u"I-2"_s, u"south"_s),
        fullDraft(u"I-3"_s) };
    const qint64 before = store.log().head().seq;
    const ImportWrite dry = store.imports().importOrders(drafts, 3, u"ann"_s, true);
    QVERIFY(dry.ok() && dry.existing.isEmpty() && dry.created.isEmpty() && !dry.event);
    QCOMPARE(store.log().head().seq, before);
    QCOMPARE(store.orders().count(), 1);

    QSignalSpy logged(&store, &Store::eventLogged);
    const ImportWrite written = store.imports().importOrders(drafts, 3, u"ann"_s, false);
    QVERIFY2(written.ok(), qPrintable(written.error.message));
    QCOMPARE(written.created.size(), 3);
    QCOMPARE(written.event->type, u"import.created"_s);
    QCOMPARE(written.event->entity, u"import"_s);
    QCOMPARE(written.event->seq, before + 1);
    QCOMPARE(written.record->firstOrderId, written.created.at(0).id);
    QCOMPARE(written.record->lastOrderId, written.created.at(2).id);
    QCOMPARE(logged.size(), 1);
    QCOMPARE(logged.at(0).at(1).toString(), QString()); // every region
    QCOMPARE(store.imports().get(written.record->id)->created, 3);
    // The rows carry the import's seq: a delta read since the event before finds them all.
    OrderQuery delta;
    delta.changedAfter = before;
    QCOMPARE(store.orders().query(delta).orders.size(), 3);
    const auto history = store.orders().history(written.created.at(1).id);
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.at(0).seq, written.event->seq);
    QCOMPARE(history.at(0).actor, u"ann"_s);
    QCOMPARE(*store.orders().get(written.created.at(1).id), written.created.at(1));

    // Again with one more: the three are found, one is new.
    const ImportWrite again = store.imports().importOrders(
        drafts + QList<Order> { fullDraft(u"I-4"_s) }, 4, u"ann"_s, false);
    QVERIFY(again.ok());
    QCOMPARE(again.existing.size(), 3);
    QCOMPARE(again.existing.value(u"I-2"_s), written.created.at(1).id);
    QCOMPARE(again.created.size(), 1);
    // Nothing new: no write, no event.
    const qint64 head = store.log().head().seq;
    const ImportWrite same = store.imports().importOrders(drafts, 3, u"ann"_s, false);
    QVERIFY(same.ok() && !same.event && same.existing.size() == 3);
    QCOMPARE(store.log().head().seq, head);
    QCOMPARE(store.orders().count(), 5);
}

void tst_Store::editsAreVersionedWritesWithFieldHistory()
{
    Store store;
    QVERIFY(store.open(location(u"edits.sqlite"_s)).ok());
    const CreateOutcome created =
        OrderService(store).create(CreateRequest { fullDraft(u"E-1"_s), u"ann"_s, {}, {} });
    QVERIFY(created.ok());
    const QString id = created.order->id;
    OrderChange change;
    change.edit.notes = u"new notes"_s;
    change.edit.pickupAt = std::optional<GeoPoint>();
    change.edit.amountCents = 1000;
    change.reason = u"customer called"_s;
    const auto written = OrderService(store).change(id, change, 1, u"bob"_s);
    QVERIFY2(written.ok(), qPrintable(written.error.message));
    QCOMPARE(written.item->version, 2);
    QVERIFY(!written.item->pickupAt);
    QCOMPARE(written.event->fields.value("notes"_L1).toString(), u"new notes"_s);
    QVERIFY(written.event->fields.value("pickupLat"_L1).isNull());
    QVERIFY(!written.event->fields.contains("customer"_L1));
    const auto history = store.orders().history(id);
    QCOMPARE(history.size(), 4); // created, pickupPosition, notes, amountCents
    QCOMPARE(history.at(1).field, u"pickupPosition"_s);
    QCOMPARE(history.at(1).from, u"51.4,-0.1"_s);
    QCOMPARE(history.at(2).field, u"notes"_s);
    QCOMPARE(history.at(2).from, u"ring"_s);
    QCOMPARE(history.at(2).to, u"new notes"_s);
    QCOMPARE(history.at(3).actor, u"bob"_s);
    QCOMPARE(history.at(3).reason, u"customer called"_s);
    QCOMPARE(*store.orders().get(id), *written.item);
    // Stale version: a conflict with the current row, nothing written.
    const auto stale = OrderService(store).change(id, change, 1, u"bob"_s);
    QCOMPARE(stale.error.kind, ErrorKind::Conflict);
    QCOMPARE(stale.item->version, 2);
    QCOMPARE(store.orders().history(id).size(), 4);
}

void tst_Store::webhookCursorsPersist()
{
    const QString path = location(u"cursors.sqlite"_s);
    const QDateTime when = QDateTime(QDate(2026, 11, 22), QTime(9, 0, 1, 500), Qt::UTC);
    {
        Store store;
        QVERIFY(store.open(path).ok());
        QVERIFY(!store.webhookCursors().get(u"shop"_s));
        QVERIFY(store.webhookCursors().save({ u"shop"_s, store.epoch(), 7, 3, when }));
        QVERIFY(store.webhookCursors().save({ u"shop"_s, store.epoch(), 9, 4, when }));
        QVERIFY(store.webhookCursors().save({ u"erp"_s, store.epoch(), 2, 0, {} }));
    }
    Store store;
    QVERIFY(store.open(path).ok());
    const auto shop = store.webhookCursors().get(u"shop"_s);
    QVERIFY(shop);
    QCOMPARE(shop->seq, 9);
    QCOMPARE(shop->delivered, 4);
    QCOMPARE(shop->lastSuccessAt, when);
    QCOMPARE(shop->epoch, store.epoch());
    QVERIFY(!store.webhookCursors().get(u"erp"_s)->lastSuccessAt.isValid());
    // What an endpoint still has to get: after its cursor, of its types and regions.
    for (int i = 0; i < 3; ++i)
        QVERIFY(OrderService(store)
                    .create(fullDraft(u"W-%1"_s.arg(i), i ? u"north"_s : u"south"_s), u"t"_s)
                    .ok());
    QCOMPARE(store.webhookCursors().pendingAfter(0, {}, {}), 3);
    QCOMPARE(store.webhookCursors().pendingAfter(0, { u"order.created"_s }, { u"north"_s }), 2);
    QCOMPARE(store.webhookCursors().pendingAfter(0, { u"order.updated"_s }, {}), 0);
    QCOMPARE(store.webhookCursors().pendingAfter(store.log().head().seq, {}, {}), 0);
}

void tst_Store::trimKeepsEventsAfterAFloor()
{
    Store store;
    QVERIFY(store.open(location(u"trim-floor.sqlite"_s)).ok());
    for (int i = 0; i < 10; ++i)
        QVERIFY(OrderService(store).create(draftOrder(u"T%1"_s.arg(i)), u"t"_s).ok());
    // Keep 2 by count, but nothing after seq 5 may go.
    QCOMPARE(store.log().trim(2, 5), 5);
    QCOMPARE(store.log().oldestSeq(), 6);
    QCOMPARE(store.log().trimOlderThan(QDateTime::currentDateTimeUtc().addDays(1), 7), 2);
    QCOMPARE(store.log().oldestSeq(), 8);
}

void tst_Store::sqliteStoresHearEachOthersCommits()
{
    // The running server and an operator's `opsboard-server import` on one SQLite file: the
    // server's feed delivers the other process's commits too, in seq order, once.
    const QString path = m_dir.filePath(u"two-processes.sqlite"_s);
    Store server;
    Store other;
    QVERIFY(server.open(path).ok());
    QVERIFY(other.open(path).ok());
    QSignalSpy logged(&server, &Store::eventLogged);
    QVERIFY(OrderService(server).create(draftOrder(u"own-1"_s), u"t"_s).ok());
    QCOMPARE(logged.size(), 1);
    QVERIFY(OrderService(other).create(draftOrder(u"other-1"_s), u"t"_s).ok());
    QVERIFY(OrderService(other).create(draftOrder(u"other-2"_s), u"t"_s).ok());
    // The server's next commit finds the gap and reads the others' events first.
    QVERIFY(OrderService(server).create(draftOrder(u"own-2"_s), u"t"_s).ok());
    QCOMPARE(logged.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(logged.at(i).at(0).value<ChangeEvent>().seq, qint64(i + 1));
    // Without a commit of its own, the poll finds them.
    server.setFeedIntervals(std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    QVERIFY(OrderService(other).create(draftOrder(u"other-3"_s), u"t"_s).ok());
    QTRY_COMPARE(logged.size(), 5);
    QCOMPARE(logged.at(4).at(0).value<ChangeEvent>().seq, 5);
    QCOMPARE(server.feedCursor(), 5);
}

void tst_Store::keptStatementsAreReusedAndReleased()
{
    const QString path = m_dir.filePath(u"kept-statements.sqlite"_s); // SQLite keeps them
    QString name;
    {
        Store store;
        QVERIFY(store.open(path).ok());
        name = store.connectionName();
        const QSqlDatabase db = QSqlDatabase::database(name, false);
        QVERIFY(OrderService(store).create(draftOrder(u"kept-1"_s), u"t"_s).ok());
        // A second write of the same kind prepares nothing anew: every text it runs is kept.
        const qsizetype kept = Sql::keptStatements(name);
        const qint64 prepared = Sql::preparedStatements();
        QVERIFY(kept > 0);
        QVERIFY(OrderService(store).create(draftOrder(u"kept-2"_s), u"t"_s).ok());
        QCOMPARE(Sql::keptStatements(name), kept);
        QCOMPARE(Sql::preparedStatements(), prepared);

        // A statement in use is not handed out again: a second one of the same text reads on its
        // own, and the first goes on where it was.
        const QString ids = u"SELECT customer FROM orders ORDER BY customer"_s;
        {
            Sql::Statement outer(db, ids);
            QVERIFY(outer->exec() && outer->next());
            QCOMPARE(outer->value(0).toString(), u"kept-1"_s);
            Sql::Statement inner(db, ids);
            QVERIFY(inner->exec());
            QStringList all;
            while (inner->next())
                all.append(inner->value(0).toString());
            QCOMPARE(all, (QStringList { u"kept-1"_s, u"kept-2"_s }));
            QVERIFY(outer->next());
            QCOMPARE(outer->value(0).toString(), u"kept-2"_s);
        }
        // A read left unfinished holds no snapshot once its Statement is gone: this connection
        // sees what another one commits afterwards.
        {
            Sql::Statement read(db, ids);
            QVERIFY(read->exec() && read->next());
        }
        {
            Store other;
            QVERIFY(other.open(path).ok());
            QVERIFY(OrderService(other).create(draftOrder(u"kept-3"_s), u"t"_s).ok());
        }
        Sql::Statement count(db, u"SELECT COUNT(*) FROM orders"_s);
        QVERIFY(count->exec() && count->next());
        QCOMPARE(count->value(0).toInt(), 3);
    }
    // Closing the store drops its connection's statements with it.
    QCOMPARE(Sql::keptStatements(name), 0);
}

#define OPS_NEED_POSTGRES()                                                                        \
    do {                                                                                           \
        if (!havePostgres())                                                                       \
            QSKIP(qPrintable(PgCluster::unavailableReason()));                                     \
    } while (false)

void tst_Store::databaseLocation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("display");
    QTest::newRow("sqlite path") << u"/tmp/ops.sqlite"_s << true << u"/tmp/ops.sqlite"_s;
    QTest::newRow("memory") << u":memory:"_s << true << u":memory:"_s;
    QTest::newRow("url") << u"postgresql://ops:s3cret@db.example:6432/opsboard"_s << true
                         << u"postgresql://ops@db.example:6432/opsboard"_s;
    QTest::newRow("short scheme, default port")
        << u"postgres://ops@127.0.0.1/opsboard?sslmode=require"_s << true
        << u"postgresql://ops@127.0.0.1:5432/opsboard"_s;
    QTest::newRow("no database") << u"postgresql://ops@host/"_s << false << QString();
    QTest::newRow("two path parts") << u"postgresql://ops@host/a/b"_s << false << QString();
    // libpq's defaults: the local Unix socket, the operating-system user, no password.
    QTest::newRow("local socket") << u"postgresql:///opsboard"_s << true
                                  << u"postgresql:///opsboard"_s;
    QTest::newRow("socket directory")
        << u"postgresql://ops@/opsboard?host=/run/postgresql"_s << true
        << u"postgresql://ops@/opsboard?host=/run/postgresql"_s;
    QTest::newRow("socket directory and port")
        << u"postgresql:///opsboard?host=/tmp/pg&port=6543&keepalives_idle=30"_s << true
        << u"postgresql:///opsboard?host=/tmp/pg&port=6543"_s;
    QTest::newRow("service, no database")
        << u"postgresql://?service=opsboard"_s << true << u"postgresql:///"_s;
    QTest::newRow("passfile and ssl") << u"postgresql://ops@db/ops?passfile=/etc/ops/pgpass&"
                                         "sslmode=verify-full&sslrootcert=/etc/ops/ca.pem"_s
                                      << true << u"postgresql://ops@db:5432/ops"_s;
    QTest::newRow("no database, no service") << u"postgresql://ops@host"_s << false << QString();
    QTest::newRow("relative socket directory")
        << u"postgresql:///opsboard?host=run/pg"_s << false << QString();
    QTest::newRow("host twice") << u"postgresql://ops@db/opsboard?host=/run/pg"_s << false
                                << QString();
    QTest::newRow("option twice") << u"postgresql://db/ops?sslmode=disable&sslmode=require"_s
                                  << false << QString();
    QTest::newRow("bad port") << u"postgresql://ops@host:99999/db"_s << false << QString();
    QTest::newRow("unknown option")
        << u"postgresql://ops@host/db?options=-csearch_path%3Devil"_s << false << QString();
    QTest::newRow("option injection")
        << u"postgresql://ops@host/db?sslmode=disable%20host=evil"_s << false << QString();
    QTest::newRow("empty") << QString() << false << QString();
}

void tst_Store::databaseLocation()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, display);
    DatabaseLocation location;
    const Error error = DatabaseLocation::parse(text, &location);
    QCOMPARE(error.ok(), ok);
    if (!ok) {
        QCOMPARE(error.kind, ErrorKind::BadRequest);
        QVERIFY(!error.message.contains(u"s3cret"_s));
        return;
    }
    QCOMPARE(location.displayName(), display);
    QVERIFY(!location.displayName().contains(u"s3cret"_s));
    if (text.contains(u"s3cret"_s))
        QCOMPARE(location.password, u"s3cret"_s);
}

void tst_Store::unreachablePostgresIsAClearError()
{
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        QSKIP("the QPSQL driver is not installed");
    // A port nothing listens on: refused at once.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    Store store;
    const Error error = store.open(u"postgresql://ops:s3cret@127.0.0.1:%1/opsboard"_s.arg(port));
    QCOMPARE(error.kind, ErrorKind::Unavailable);
    QVERIFY2(error.message.contains(u"cannot connect to PostgreSQL at "
                                    "postgresql://ops@127.0.0.1:%1/opsboard"_s.arg(port)),
        qPrintable(error.message));
    QVERIFY(!error.message.contains(u"s3cret"_s));
    QVERIFY(!store.isOpen());
}

void tst_Store::pgOverUnixSocket()
{
    OPS_NEED_POSTGRES();
    // A server beside its database: the socket directory, no host, no password in the URL.
    pgLocation(u"socket"_s); // creates it
    Store store;
    const QString url =
        u"postgresql://opsboard@/socket?host=%1&port=%2"_s.arg(m_cluster.socketDirectory())
            .arg(m_cluster.port());
    const Error error = store.open(url);
    QVERIFY2(error.ok(), qPrintable(error.message));
    QVERIFY(store.isPostgres());
    QVERIFY(OrderService(store).create(draftOrder(u"S"_s), u"t"_s).ok());
    QCOMPARE(store.orders().count(), 1);
}

void tst_Store::pgMigrationsAndSharedEpoch()
{
    OPS_NEED_POSTGRES();
    const QString url = pgLocation(u"shared-epoch"_s);
    Store a;
    QVERIFY(a.open(url).ok());
    QVERIFY(a.isPostgres());
    const int latest = Database::latestSchemaVersion(DatabaseLocation::Dialect::PostgreSQL);
    QCOMPARE(a.schemaVersion(), latest);
    QCOMPARE(rawInt(url, u"SELECT COUNT(*) FROM schema_migrations"_s), latest);
    QCOMPARE(rawInt(url,
                 u"SELECT COUNT(*) FROM information_schema.tables WHERE table_name IN "
                 "('orders', 'event_log', 'event_head', 'meta', 'order_history', 'drivers', "
                 "'payments', 'alerts')"_s),
        8);
    // A second instance runs no migration twice and shares the epoch stored in the database.
    Store b;
    QVERIFY(b.open(url).ok());
    QCOMPARE(b.schemaVersion(), latest);
    QCOMPARE(b.epoch(), a.epoch());
    QVERIFY(OrderService(a).create(draftOrder(u"A"_s), u"t"_s).ok());
    QCOMPARE(b.log().head(), a.log().head());

    // A reset by one instance is noticed by the other: new epoch, cursor back to the start.
    QSignalSpy reset(&b, &Store::logReset);
    const QString oldEpoch = a.epoch();
    QVERIFY(a.resetLog().ok());
    QVERIFY(a.epoch() != oldEpoch);
    QTRY_COMPARE(reset.size(), 1);
    QCOMPARE(reset.first().first().toString(), a.epoch());
    QCOMPARE(b.epoch(), a.epoch());
    QCOMPARE(b.log().head(), (StreamPosition { a.epoch(), 0 }));
    QCOMPARE(b.feedCursor(), 0);
}

void tst_Store::pgEveryStoreReadsEveryCommitOnce()
{
    OPS_NEED_POSTGRES();
    const QString url = pgLocation(u"feed"_s);
    Store a;
    Store b;
    QVERIFY(a.open(url).ok());
    QVERIFY(b.open(url).ok());
    QVERIFY(Demo::seedOrders(a, 20, 4).ok());
    QSignalSpy fromA(&a, &Store::eventLogged);
    QSignalSpy fromB(&b, &Store::eventLogged);
    // Writes through both; each Store announces all of them, its own read back from the log.
    for (int i = 1; i <= 10; ++i) {
        Store &writer = i % 2 ? a : b;
        const QString id = u"ORD-%1"_s.arg(i, 5, 10, QLatin1Char('0'));
        const auto current = writer.orders().get(id);
        QVERIFY(current);
        const auto r = OrderService(writer).setStatus(id, OrderStatus::Cancelled, {}, u"t"_s);
        // A seeded order that is final already changes only by a manager's correction.
        QVERIFY2(r.ok() || r.error.kind == ErrorKind::BadRequest
                || (r.error.kind == ErrorKind::Forbidden && isFinal(current->status)),
            qPrintable(r.error.message));
    }
    const qint64 head = a.log().head().seq;
    QVERIFY(head > 0);
    QTRY_COMPARE(fromA.size(), head);
    QTRY_COMPARE(fromB.size(), head);
    for (qsizetype i = 0; i < head; ++i) {
        QCOMPARE(fromA.at(i).first().value<ChangeEvent>().seq, i + 1);
        QCOMPARE(fromB.at(i).first().value<ChangeEvent>().seq, i + 1);
        QCOMPARE(fromB.at(i).at(1).toString(), fromA.at(i).at(1).toString());
    }
    QCOMPARE(a.eventsReadFromLog(), head);
    QCOMPARE(b.eventsReadFromLog(), head);
    QCOMPARE(b.feedCursor(), head);
    // Nothing is announced twice, whatever wakes the feed again.
    b.catchUp();
    QCOMPARE(fromB.size(), head);
}

void tst_Store::pgListenLinkHealsAfterTerminate()
{
    OPS_NEED_POSTGRES();
    const QString url = pgLocation(u"link"_s);
    Store writer;
    Store reader;
    QVERIFY(writer.open(url).ok());
    QVERIFY(Demo::seedOrders(writer, 10, 2).ok());
    QVERIFY(reader.open(url).ok());
    // The safety poll is slow here: a lost link must be found and healed on its own.
    reader.setFeedIntervals(std::chrono::hours(1), std::chrono::milliseconds(200));
    QVERIFY(reader.isNotificationLinkUp());
    QVERIFY(reader.readiness().ready());
    QSignalSpy link(&reader, &Store::notificationLinkChanged);
    QSignalSpy events(&reader, &Store::eventLogged);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"notification link lost"_s));
    QVERIFY(m_cluster.terminateBackends(QString(NotificationLink::ApplicationName)) >= 2);
    // The link reports the loss (it may already be back by the time this loop looks).
    QTRY_VERIFY(!link.isEmpty());
    QCOMPARE(link.first().first().toBool(), false);
    // Committed while the reader cannot be notified.
    QVERIFY(OrderService(writer).create(draftOrder(u"C1"_s), u"t"_s).ok());
    QVERIFY(OrderService(writer).create(draftOrder(u"C2"_s), u"t"_s).ok());

    QTRY_VERIFY(reader.isNotificationLinkUp());
    QCOMPARE(reader.notificationReconnects(), 1);
    QCOMPARE(link.size(), 2); // down, up
    // Re-subscribed, the reader re-read the log from its cursor: nothing was lost.
    QTRY_COMPARE(events.size(), 2);
    // And notifications wake it again (the poll is an hour away).
    QVERIFY(OrderService(writer).create(draftOrder(u"C3"_s), u"t"_s).ok());
    QTRY_COMPARE(events.size(), 3);
    QCOMPARE(events.at(2).first().value<ChangeEvent>().seq, writer.log().head().seq);
}

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
