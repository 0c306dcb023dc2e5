#include <algorithm>

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include "api/apiclient.h"
#include "keys/querykeys.h"
#include "protocolserver.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"
#include "realtime/connectionmanager.h"
#include "sync/livesync.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

//! A query function that counts fetches per key and answers at once with a fixed value.
struct CountingBackend
{
    QHash<QueryKey, int> fetches;
    QHash<QueryKey, QJsonValue> answers;
    QSet<QueryKey> failing; //!< these keys fail (the REST server is unreachable)

    QueryFn fn()
    {
        return [this](const QueryContext &ctx) {
            ++fetches[ctx.key()];
            if (failing.contains(ctx.key()))
                ctx.reject(Error { ErrorKind::Network, u"connection refused"_s });
            else
                ctx.resolve(answers.value(ctx.key(), QJsonArray()));
        };
    }
};

EventMap testMap()
{
    QString error;
    auto map = EventMap::parse(R"({"version": 1, "events": {
        "order.updated": {"invalidate": [{"key": ["orders"], "exact": true}, ["orders", "{id}"]]},
        "driver.updated": {"invalidate": [["drivers"]], "patch": [["drivers"]]}
    }})",
        u"test"_s, &error);
    Q_ASSERT(map);
    return *map;
}

struct Fixture
{
    Fixture()
    {
        queries.setDefaultQueryFn(backend.fn());
        connection.setUrl(server.url());
        connection.setToken(u"good"_s);
        connection.setBackoffPolicy({ 5ms, 20ms, 2.0, 1.0 });
        connection.setRandomSeed(3);
        sync = std::make_unique<LiveSync>(&connection, &api, &queries, testMap());
    }

    ProtocolServer server;
    CountingBackend backend;
    ApiClient api;
    QueryClient queries;
    ConnectionManager connection;
    std::unique_ptr<LiveSync> sync;
    QSignalSpy subscribed { &connection, &ConnectionManager::subscribed };

    //! Live, and the first subscription's refetch of every active query in \a keys has
    //! landed: a count of fetches taken after this cannot be raised by it later (it would, on a
    //! slow machine, if read as soon as the first fetch is idle).
    bool settled(const QList<QueryKey> &keys)
    {
        return QTest::qWaitFor(
            [&] {
                if (subscribed.isEmpty() || !connection.isLive())
                    return false;
                return std::all_of(keys.begin(), keys.end(), [this](const QueryKey &key) {
                    return backend.fetches.value(key) >= 2
                        && queries.state(key).fetchStatus == FetchStatus::Idle;
                });
            },
            10000);
    }
};

} // namespace

class tst_LiveSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstCostsOneRefetch();
    void patchEventWritesCacheWithoutFetch();
    void patchForUnknownRowRefetches();
    void patchedEventStillInvalidatesItsOtherKeys();
    void resyncRefetchesEveryActiveQuery();
    void resumeReplaysMissedEventsAndSaysHowMany();
    void restPositionSeedsTheFirstSubscription();
    void resumeRefetchesQueriesThatFailedMeanwhile();
    void unknownEventTypesAreCountedNotFatal();
    void steadyEventsFasterThanAFetchDoNotStarveIt();
};

void tst_LiveSync::burstCostsOneRefetch()
{
    Fixture f;
    f.sync->setCoalescingWindow(50ms);
    QueryObserver orders(&f.queries, QueryKeys::orders());
    f.connection.open();
    QVERIFY(f.settled({ QueryKeys::orders() }));
    const int before = f.backend.fetches.value(QueryKeys::orders());

    for (int i = 0; i < 100; ++i)
        f.server.append();
    QTRY_COMPARE(f.sync->eventsApplied(), 100);
    QTRY_COMPARE(f.backend.fetches.value(QueryKeys::orders()), before + 1);
    // 100 events → the list key once (coalesced) plus one item key per distinct order.
    QCOMPARE(f.sync->invalidations(), 101);
}

void tst_LiveSync::patchEventWritesCacheWithoutFetch()
{
    Fixture f;
    const QueryKey drivers { u"drivers"_s };
    f.backend.answers.insert(drivers,
        QJsonArray {
            QJsonObject { { "id"_L1, u"D1"_s }, { "lat"_L1, 1.0 }, { "version"_L1, 1 } } });
    QueryObserver observer(&f.queries, drivers);
    f.connection.open();
    QVERIFY(f.settled({ drivers }));
    const int fetches = f.backend.fetches.value(drivers);

    // Wait for the value itself: the observer may also report other changes (fetch status) first.
    f.server.append(false, u"driver.updated"_s, u"D1"_s, QJsonObject { { "lat"_L1, 52.5 } }, 2);
    QTRY_COMPARE(f.sync->eventsPatched(), 1);
    const QJsonObject row = f.queries.queryData(drivers).toArray().at(0).toObject();
    QCOMPARE(row.value("lat"_L1).toDouble(), 52.5);
    QCOMPARE(row.value("version"_L1).toInt(), 2);
    QCOMPARE(f.sync->eventsPatched(), 1);
    QCOMPARE(f.backend.fetches.value(drivers), fetches); // no refetch for a full value
}

void tst_LiveSync::patchForUnknownRowRefetches()
{
    Fixture f;
    const QueryKey drivers { u"drivers"_s };
    QueryObserver observer(&f.queries, drivers);
    f.connection.open();
    QVERIFY(f.settled({ drivers }));
    const int fetches = f.backend.fetches.value(drivers);
    f.server.append(false, u"driver.updated"_s, u"D9"_s, QJsonObject { { "lat"_L1, 1.0 } }, 1);
    QTRY_COMPARE(f.backend.fetches.value(drivers), fetches + 1);
}

void tst_LiveSync::patchedEventStillInvalidatesItsOtherKeys()
{
    Fixture f;
    QString error;
    // As resources/eventmap.json maps order.updated: the row is patched, the totals refetched.
    const auto map = EventMap::parse(R"({"version": 1, "events": {
        "order.updated": {"patch": [{"key": ["orders"], "exact": true}],
                          "invalidate": [{"key": ["orders"], "exact": true}, ["kpis"]]}
    }})",
        u"test"_s, &error);
    QVERIFY2(map, qPrintable(error));
    f.sync = std::make_unique<LiveSync>(&f.connection, &f.api, &f.queries, *map);
    const QueryKey orders { u"orders"_s };
    const QueryKey kpis { u"kpis"_s };
    f.backend.answers.insert(orders,
        QJsonArray { QJsonObject {
            { "id"_L1, u"ORD-1"_s }, { "status"_L1, u"new"_s }, { "version"_L1, 1 } } });
    f.backend.answers.insert(kpis, QJsonObject { { "openOrders"_L1, 1 } });
    QueryObserver ordersObserver(&f.queries, orders);
    QueryObserver kpisObserver(&f.queries, kpis);
    f.connection.open();
    QVERIFY(f.settled({ orders, kpis }));
    const int orderFetches = f.backend.fetches.value(orders);
    const int kpiFetches = f.backend.fetches.value(kpis);

    f.server.append(
        false, u"order.updated"_s, u"ORD-1"_s, QJsonObject { { "status"_L1, u"assigned"_s } }, 2);
    QTRY_COMPARE(f.backend.fetches.value(kpis), kpiFetches + 1);
    const QJsonObject row = f.queries.queryData(orders).toArray().at(0).toObject();
    QCOMPARE(row.value("status"_L1).toString(), u"assigned"_s);
    QCOMPARE(row.value("version"_L1).toInt(), 2);
    QCOMPARE(f.sync->eventsPatched(), 1);
    // The list itself is not fetched: the event carried the change.
    QVERIFY(!QTest::qWaitFor([&] { return f.backend.fetches.value(orders) > orderFetches; }, 200));

    // A burst is applied in batches (at most one per frame), each event in order, none lost,
    // and still without fetching the list.
    for (int v = 3; v <= 52; ++v)
        f.server.append(false, u"order.updated"_s, u"ORD-1"_s,
            QJsonObject { { "status"_L1, v % 2 ? u"assigned"_s : u"new"_s } }, v);
    QTRY_COMPARE(f.sync->eventsPatched(), 51);
    const QJsonObject last = f.queries.queryData(orders).toArray().at(0).toObject();
    QCOMPARE(last.value("version"_L1).toInt(), 52);
    QCOMPARE(last.value("status"_L1).toString(), u"new"_s);
    QCOMPARE(f.backend.fetches.value(orders), orderFetches);

    // An event without fields (an older server) is a refetch hint, as before.
    f.server.append(false, u"order.updated"_s, u"ORD-1"_s, QJsonObject(), 53);
    QTRY_COMPARE(f.backend.fetches.value(orders), orderFetches + 1);
}

void tst_LiveSync::resyncRefetchesEveryActiveQuery()
{
    Fixture f;
    QueryObserver orders(&f.queries, QueryKeys::orders());
    QueryObserver drivers(&f.queries, QueryKeys::drivers());
    QSignalSpy caughtUp(f.sync.get(), &LiveSync::caughtUp);
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    f.server.append();
    QTRY_COMPARE(f.connection.position()->seq, 1);
    QTRY_COMPARE(f.queries.state(QueryKeys::orders()).fetchStatus, FetchStatus::Idle);
    const int ordersBefore = f.backend.fetches.value(QueryKeys::orders());
    const int driversBefore = f.backend.fetches.value(QueryKeys::drivers());

    f.server.epoch = u"E2"_s; // the server lost its log: nothing can be replayed
    f.server.abortAll();
    QTRY_VERIFY(!caughtUp.isEmpty());
    QCOMPARE(caughtUp.last().at(0).toLongLong(), -1);
    QTRY_COMPARE(f.backend.fetches.value(QueryKeys::orders()), ordersBefore + 1);
    QTRY_COMPARE(f.backend.fetches.value(QueryKeys::drivers()), driversBefore + 1);
}

void tst_LiveSync::resumeReplaysMissedEventsAndSaysHowMany()
{
    Fixture f;
    QueryObserver orders(&f.queries, QueryKeys::orders());
    QueryObserver drivers(&f.queries, QueryKeys::drivers());
    QSignalSpy caughtUp(f.sync.get(), &LiveSync::caughtUp);
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    f.server.append();
    QTRY_COMPARE(f.sync->eventsApplied(), 1);
    QTRY_COMPARE(f.queries.state(QueryKeys::orders()).fetchStatus, FetchStatus::Idle);
    const int ordersBefore = f.backend.fetches.value(QueryKeys::orders());
    const int driversBefore = f.backend.fetches.value(QueryKeys::drivers());

    f.server.abortAll();
    for (int i = 0; i < 37; ++i)
        f.server.append(true);
    QTRY_COMPARE(caughtUp.size(), 1);
    QCOMPARE(caughtUp.at(0).at(0).toLongLong(), 37);
    QCOMPARE(f.sync->eventsApplied(), 38);
    // The replay touched orders only: drivers is not refetched, orders is refetched (coalesced).
    QTRY_VERIFY(f.backend.fetches.value(QueryKeys::orders()) > ordersBefore);
    QVERIFY(f.backend.fetches.value(QueryKeys::orders()) <= ordersBefore + 2);
    QCOMPARE(f.backend.fetches.value(QueryKeys::drivers()), driversBefore);
}

void tst_LiveSync::resumeRefetchesQueriesThatFailedMeanwhile()
{
    Fixture f;
    QueryOptions options { QueryKeys::orders() };
    options.retry = RetryPolicy { 0 };
    QueryObserver orders(&f.queries, options);
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    QTRY_COMPARE(orders.result().status, QueryStatus::Success);

    // The server goes away: the socket drops and a refetch of the list fails for good.
    f.backend.failing.insert(QueryKeys::orders());
    f.server.abortAll();
    f.queries.refetchQueries(QueryFilter::exactly(QueryKeys::orders()));
    QTRY_COMPARE(orders.result().status, QueryStatus::Error);
    const int fetchesBefore = f.backend.fetches.value(QueryKeys::orders());

    // It comes back with nothing missed: the replay is empty, yet the failed list is fetched.
    f.backend.failing.clear();
    QSignalSpy caughtUp(f.sync.get(), &LiveSync::caughtUp);
    QTRY_COMPARE(caughtUp.size(), 1);
    QCOMPARE(caughtUp.at(0).at(0).toLongLong(), 0);
    QTRY_COMPARE(orders.result().status, QueryStatus::Success);
    QCOMPARE(f.backend.fetches.value(QueryKeys::orders()), fetchesBefore + 1);
}

void tst_LiveSync::restPositionSeedsTheFirstSubscription()
{
    Fixture f;
    for (int i = 0; i < 5; ++i)
        f.server.append(true);
    // A REST answer reflected position 2; the connection comes up later.
    Q_EMIT f.api.positionObserved(StreamPosition { u"E1"_s, 2 });
    QSignalSpy caughtUp(f.sync.get(), &LiveSync::caughtUp);
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    QCOMPARE(f.server.subscribeSince.first(), (StreamPosition { u"E1"_s, 2 }));
    QTRY_COMPARE(caughtUp.size(), 1);
    QCOMPARE(caughtUp.at(0).at(0).toLongLong(), 3);
}

void tst_LiveSync::unknownEventTypesAreCountedNotFatal()
{
    Fixture f;
    QSignalSpy unknown(f.sync.get(), &LiveSync::unknownEvent);
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    f.server.append(false, u"parcel.scanned"_s);
    QVERIFY(unknown.wait(2000));
    QCOMPARE(unknown.at(0).at(0).toString(), u"parcel.scanned"_s);
    f.server.append();
    QTRY_COMPARE(f.sync->eventsApplied(), 1);
}

void tst_LiveSync::steadyEventsFasterThanAFetchDoNotStarveIt()
{
    Fixture f;
    // Every fetch takes 40 ms; an event comes every 10 ms. If each event cancelled the running
    // fetch and started another, none would ever finish and the list would freeze.
    int started = 0;
    int finished = 0;
    f.queries.setDefaultQueryFn([&](const QueryContext &ctx) {
        ++started;
        QTimer::singleShot(40ms, &f.queries, [ctx, &finished] {
            ++finished;
            ctx.resolve(QJsonArray { finished });
        });
    });
    QueryObserver orders(&f.queries, QueryKeys::orders());
    f.connection.open();
    QTRY_VERIFY(f.connection.isLive());
    QTRY_COMPARE(f.queries.state(QueryKeys::orders()).fetchStatus, FetchStatus::Idle);
    const QJsonValue first = f.queries.queryData(QueryKeys::orders());

    QTimer ticker;
    ticker.setInterval(10ms);
    connect(&ticker, &QTimer::timeout, &f.server, [&f] { f.server.append(); });
    ticker.start();
    QTRY_VERIFY_WITH_TIMEOUT(f.sync->eventsApplied() >= 60, 10000);
    ticker.stop();
    // The list kept changing while events kept coming.
    QVERIFY(f.queries.queryData(QueryKeys::orders()) != first);
    QVERIFY2(finished >= 5, qPrintable(u"%1 of %2 fetches finished"_s.arg(finished).arg(started)));
    // And the last event is answered by a fetch after it.
    QTRY_COMPARE(f.queries.state(QueryKeys::orders()).fetchStatus, FetchStatus::Idle);
    QTRY_VERIFY(!f.queries.state(QueryKeys::orders()).isInvalidated);
}

QTEST_GUILESS_MAIN(tst_LiveSync)
#include "tst_livesync.moc"
