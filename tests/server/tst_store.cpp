#include "server/store.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Store : public QObject
{
    Q_OBJECT

private:
    QString dbPath(const QString &name = u"ops.sqlite"_s) const { return m_dir.filePath(name); }
    //! Reads one integer straight from the file, bypassing the Store.
    qint64 rawInt(const QString &path, const QString &sql);

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase();
    void migrationSetsUserVersion();
    void seedIsDeterministicAndIdempotent();
    void updateBumpsVersionAndAppendsOneEvent();
    void staleVersionConflictChangesNothing();
    void invalidTransitionChangesNothing();
    void unknownOrderIsNotFound();
    void eventsAfterInSeqOrder();
    void createOrderAssignsNextId();
    void epochPersistsAcrossReopen();
    void listPositionEqualsHead();
    void trimAndResetLog();
    void badRowsAreSkipped();
};

qint64 tst_Store::rawInt(const QString &path, const QString &sql)
{
    const QString name = u"tst-raw"_s;
    qint64 value = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
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
}

void tst_Store::migrationSetsUserVersion()
{
    const QString path = dbPath(u"migrate.sqlite"_s);
    {
        Store store;
        QVERIFY(store.open(path).ok());
        QCOMPARE(store.schemaVersion(), 1);
        QVERIFY(!store.epoch().isEmpty());
        QCOMPARE(store.head().seq, 0);
    }
    QCOMPARE(rawInt(path, u"PRAGMA user_version"_s), 1);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                          "('orders', 'event_log', 'meta')"_s),
        3);
    // Reopening runs no migration twice (it would fail on CREATE TABLE).
    Store again;
    QVERIFY(again.open(path).ok());
    QCOMPARE(again.schemaVersion(), 1);
}

void tst_Store::seedIsDeterministicAndIdempotent()
{
    Store a;
    Store b;
    QVERIFY(a.open(dbPath(u"seed-a.sqlite"_s)).ok());
    QVERIFY(b.open(dbPath(u"seed-b.sqlite"_s)).ok());
    QVERIFY(a.seedDemo(50, 7).ok());
    QVERIFY(b.seedDemo(50, 7).ok());
    const auto listA = a.listOrders();
    const auto listB = b.listOrders();
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
    QVERIFY(c.open(dbPath(u"seed-c.sqlite"_s)).ok());
    QVERIFY(c.seedDemo(50, 8).ok());
    QVERIFY(c.listOrders().orders != listA.orders);

    // Idempotent: a second seed with other parameters changes nothing, and seeding logs no events.
    QVERIFY(a.seedDemo(80, 99).ok());
    QVERIFY(a.listOrders().orders == listA.orders);
    QCOMPARE(a.head().seq, 0);
}

void tst_Store::updateBumpsVersionAndAppendsOneEvent()
{
    const QString path = dbPath(u"update.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(store.seedDemo(20, 1).ok());
    const auto list = store.listOrders();
    const auto fresh = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(fresh != list.orders.end());
    const std::optional<Order> before = *fresh;
    const OrderStatus to = OrderStatus::Assigned;

    QSignalSpy spy(&store, &Store::eventAppended);
    const Store::WriteResult result
        = store.updateOrderStatus(before->id, to, before->version, u"tester"_s);
    QVERIFY2(result.ok(), qPrintable(result.error.message));
    QCOMPARE(result.order->version, before->version + 1);
    QCOMPARE(toString(result.order->status), toString(to));
    QVERIFY(result.order->updatedAt > before->updatedAt);
    QVERIFY(store.order(before->id) == result.order);

    QCOMPARE(spy.size(), 1);
    const auto event = spy.at(0).at(0).value<ChangeEvent>();
    QCOMPARE(event.seq, 1);
    QCOMPARE(event.type, u"order.updated"_s);
    QCOMPARE(event.entity, u"order"_s);
    QCOMPARE(event.id, before->id);
    QCOMPARE(event.version, before->version + 1);
    QCOMPARE(event.epoch, store.epoch());
    QCOMPARE(store.head().seq, 1);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), 1);
    QCOMPARE(rawInt(path, u"SELECT version FROM event_log WHERE seq = 1"_s), before->version + 1);
    // Without If-Match the write goes through at whatever version is current.
    const auto second = store.updateOrderStatus(before->id, OrderStatus::PickedUp, std::nullopt,
        u"tester"_s);
    QVERIFY(second.ok());
    QCOMPARE(second.order->version, before->version + 2);
    QCOMPARE(store.head().seq, 2);
}

void tst_Store::staleVersionConflictChangesNothing()
{
    const QString path = dbPath(u"conflict.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(store.seedDemo(10, 3).ok());
    const auto list = store.listOrders();
    const auto open = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(open != list.orders.end());
    // Another writer moves the order on first.
    QVERIFY(store.updateOrderStatus(open->id, OrderStatus::Assigned, open->version, u"a"_s).ok());
    const auto current = store.order(open->id);
    QVERIFY(current);
    const qint64 headBefore = store.head().seq;

    QSignalSpy spy(&store, &Store::eventAppended);
    // The version the caller read before the first write is now stale.
    // A valid transition from the current state, but based on a stale version.
    const auto result
        = store.updateOrderStatus(open->id, OrderStatus::Cancelled, open->version, u"b"_s);
    QCOMPARE(result.error.kind, ErrorKind::Conflict);
    QVERIFY(result.order);
    QVERIFY(*result.order == *current);
    QCOMPARE(spy.size(), 0);
    QVERIFY(store.order(open->id) == current);
    QCOMPARE(store.head().seq, headBefore);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), headBefore);
}

void tst_Store::invalidTransitionChangesNothing()
{
    const QString path = dbPath(u"transition.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(store.seedDemo(10, 3).ok());
    const auto list = store.listOrders();
    const auto fresh = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return o.status == OrderStatus::New; });
    QVERIFY(fresh != list.orders.end());
    QSignalSpy spy(&store, &Store::eventAppended);
    // new → delivered skips the lifecycle.
    const auto result = store.updateOrderStatus(fresh->id, OrderStatus::Delivered, std::nullopt,
        u"tester"_s);
    QCOMPARE(result.error.kind, ErrorKind::BadRequest);
    QCOMPARE(spy.size(), 0);
    QVERIFY(store.order(fresh->id) == *fresh);
    QCOMPARE(store.head().seq, 0);
    QCOMPARE(rawInt(path, u"SELECT COUNT(*) FROM event_log"_s), 0);
}

void tst_Store::unknownOrderIsNotFound()
{
    Store store;
    QVERIFY(store.open(dbPath(u"notfound.sqlite"_s)).ok());
    const auto result = store.updateOrderStatus(u"ORD-99999"_s, OrderStatus::Assigned,
        std::nullopt, u"tester"_s);
    QCOMPARE(result.error.kind, ErrorKind::NotFound);
    QVERIFY(!store.order(u"ORD-99999"_s));
}

void tst_Store::eventsAfterInSeqOrder()
{
    Store store;
    QVERIFY(store.open(dbPath(u"events.sqlite"_s)).ok());
    for (int i = 0; i < 5; ++i) {
        Order draft;
        draft.customer = u"Customer %1"_s.arg(i);
        draft.region = u"north"_s;
        draft.dueAt = QDateTime::currentDateTimeUtc();
        QVERIFY(store.createOrder(draft, u"tester"_s).ok());
    }
    QVERIFY(store.updateOrderStatus(u"ORD-00002"_s, OrderStatus::Assigned, 1, u"t"_s).ok());
    const QList<ChangeEvent> all = store.eventsAfter(0, 100);
    QCOMPARE(all.size(), 6);
    for (qsizetype i = 0; i < all.size(); ++i)
        QCOMPARE(all.at(i).seq, i + 1);
    QCOMPARE(all.at(0).type, u"order.created"_s);
    QCOMPARE(all.at(5).type, u"order.updated"_s);
    QCOMPARE(all.at(5).id, u"ORD-00002"_s);
    QCOMPARE(all.at(5).version, 2);

    const QList<ChangeEvent> tail = store.eventsAfter(3, 2);
    QCOMPARE(tail.size(), 2);
    QCOMPARE(tail.at(0).seq, 4);
    QCOMPARE(tail.at(1).seq, 5);
    QVERIFY(store.eventsAfter(6, 10).isEmpty());
    QCOMPARE(store.oldestSeq(), 1);
}

void tst_Store::createOrderAssignsNextId()
{
    Store store;
    QVERIFY(store.open(dbPath(u"create.sqlite"_s)).ok());
    QVERIFY(store.seedDemo(3, 1).ok());
    Order draft;
    draft.customer = u"New Customer"_s;
    draft.region = u"west"_s;
    draft.dueAt = QDateTime::currentDateTimeUtc();
    const auto result = store.createOrder(draft, u"tester"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.order->id, u"ORD-00004"_s);
    QCOMPARE(result.order->version, 1);
    QCOMPARE(result.event->type, u"order.created"_s);
    QCOMPARE(store.orderCount(), 4);
    draft.id = u"ORD-00004"_s;
    QCOMPARE(store.createOrder(draft, u"tester"_s).error.kind, ErrorKind::Conflict);
}

void tst_Store::epochPersistsAcrossReopen()
{
    const QString path = dbPath(u"epoch.sqlite"_s);
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
    QVERIFY(other.open(dbPath(u"epoch-other.sqlite"_s)).ok());
    QVERIFY(other.epoch() != epoch);
}

void tst_Store::listPositionEqualsHead()
{
    Store store;
    QVERIFY(store.open(dbPath(u"list.sqlite"_s)).ok());
    QVERIFY(store.seedDemo(20, 5).ok());
    QCOMPARE(store.listOrders().position, (StreamPosition { store.epoch(), 0 }));
    const auto list = store.listOrders();
    const auto open = std::find_if(list.orders.begin(), list.orders.end(),
        [](const Order &o) { return !isFinal(o.status); });
    QVERIFY(store.updateOrderStatus(open->id, OrderStatus::Failed, std::nullopt, u"t"_s).ok());
    const auto after = store.listOrders();
    QCOMPARE(after.position, store.head());
    QCOMPARE(after.position.seq, 1);
    QCOMPARE(after.orders.size(), 20);
}

void tst_Store::trimAndResetLog()
{
    Store store;
    QVERIFY(store.open(dbPath(u"trim.sqlite"_s)).ok());
    for (int i = 0; i < 6; ++i) {
        Order draft;
        draft.customer = u"C"_s;
        draft.region = u"east"_s;
        draft.dueAt = QDateTime::currentDateTimeUtc();
        QVERIFY(store.createOrder(draft, u"t"_s).ok());
    }
    QCOMPARE(store.trimLog(2), 4);
    QCOMPARE(store.oldestSeq(), 5);
    QCOMPARE(store.head().seq, 6);
    QCOMPARE(store.eventsAfter(0, 10).size(), 2);
    // Trimming everything keeps the head: seq never goes back.
    QCOMPARE(store.trimLog(0), 2);
    QCOMPARE(store.head().seq, 6);
    QCOMPARE(store.oldestSeq(), 7);

    const QString oldEpoch = store.epoch();
    QVERIFY(store.resetLog().ok());
    QVERIFY(store.epoch() != oldEpoch);
    QCOMPARE(store.head(), (StreamPosition { store.epoch(), 0 }));
}

void tst_Store::badRowsAreSkipped()
{
    const QString path = dbPath(u"bad.sqlite"_s);
    Store store;
    QVERIFY(store.open(path).ok());
    QVERIFY(store.seedDemo(3, 1).ok());
    {
        QSqlDatabase db = QSqlDatabase::database(store.connectionName());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"UPDATE orders SET status = 'teleported' WHERE id = 'ORD-00002'"_s));
        QVERIFY(q.exec(u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields) "
                       "VALUES ('order.updated', 'order', 'ORD-00001', 2, 'not a time', '{}')"_s));
    }
    // Each bad row is logged (and would fail the test if it were not).
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid orders row"_s));
    const auto list = store.listOrders();
    QCOMPARE(list.orders.size(), 2);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid orders row"_s));
    QVERIFY(!store.order(u"ORD-00002"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"skipping invalid event_log row"_s));
    QVERIFY(store.eventsAfter(0, 10).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
