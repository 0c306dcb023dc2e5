#include <optional>
#include <stdexcept>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "query/queryclient.h"
#include "query/queryclock.h"
#include "query/queryobserver.h"
#include "query/rowlist.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

Q_DECLARE_METATYPE(Ops::QueryFilter)
Q_DECLARE_METATYPE(Ops::RefetchType)

namespace {

//! A query function under the test's control: records calls, settles them on demand.
struct FakeBackend
{
    QList<QueryContext> calls;
    int cancelled = 0;
    int value = 0;

    QueryFn fn()
    {
        return [this](const QueryContext &ctx) {
            ctx.onCancel([this] { ++cancelled; });
            calls.append(ctx);
        };
    }
    //! Resolves call \a i with the current value.
    void resolve(qsizetype i) { calls.at(i).resolve(value); }
    [[nodiscard]] int pending() const
    {
        return int(std::count_if(calls.begin(), calls.end(),
            [](const QueryContext &c) { return !c.isSettled() && !c.isCancelled(); }));
    }
};

} // namespace

class tst_QueryClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void observerFetchesOnMount();
    void secondObserverJoinsRunningFetch();
    void invalidateRefetchesActiveOnly();
    void invalidationsInOneTurnCostOneFetch();
    void invalidationDuringFirstFetchIsNotSwallowed();
    void followUpLetsTheRunningFetchLand();
    void followUpUnderAStreamOfInvalidations();
    void writeDuringFetchIsNotOverwritten();
    void setQueryDataUpdater();
    void backgroundErrorKeepsData();
    void retriesWithBackoff();
    void cancelRevertsWithoutError();
    void unobservedQueryIsCollected();
    void offlinePausesAndResumes();
    void notificationsAreCoalesced();
    // Conformance (query-core v5 semantics).
    void filters_data();
    void filters();
    void invalidateRefetchType_data();
    void invalidateRefetchType();
    void invalidateCompletionDoesNotFail();
    void inflightRules_data();
    void inflightRules();
    void setQueriesDataKeepsFetchStatus();
    void cancelFirstFetchRevertsToPending();
    void statusFlags_data();
    void statusFlags();
    void staleTime_data();
    void staleTime();
    void gcOnlyWhenUnobservedAndIdle();
    void retryFailureReasonAndOfflinePause();
    void retryAfterDelaysTheRetry();
    void notModifiedIsAFreshSuccess();
    // Where we beat it.
    void answerOlderThanWriteKeepsNewestVersions();
    void exactAndPrefixLookupsUseTheIndex();
    void cacheEventsCarryTheAction();
    // Defects found in review (each failed before its fix).
    void predicateMayWriteToTheCache_data();
    void predicateMayWriteToTheCache();
    void receiversMayGoAwayAtAnyTime();
    void bigIntegerKeysStayApart_data();
    void bigIntegerKeysStayApart();
    void resetKeepsCompletions();
    void noDataChangeIsAnEmptyRowChangeSet();
    void olderAnswerKeepsItsOwnRowsAndFollowsUp();
    void versionedRefetchAfterPushedChanges();
    void throwingQueryFunctionIsAnError();
    void staticDataIsNeverRefetchedOnFocus();
    // What a query-core user expects.
    void retryIsAFunctionOfCountAndError();
    void manualClockDrivesRetryAndGc();
    void initialData_data();
    void initialData();
    void queriesDataReadsSeveral();
};

void tst_QueryClient::observerFetchesOnMount()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QCOMPARE(backend.calls.size(), 1);
    QVERIFY(observer.result().isLoading());
    backend.value = 7;
    backend.resolve(0);
    const QueryState s = observer.result();
    QCOMPARE(s.status, QueryStatus::Success);
    QCOMPARE(s.fetchStatus, FetchStatus::Idle);
    QCOMPARE(s.data.toInt(), 7);
    QVERIFY(s.dataUpdatedAt > 0);
}

void tst_QueryClient::secondObserverJoinsRunningFetch()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver a(&client, { QueryKey { u"orders"_s } });
    QueryObserver b(&client, { QueryKey { u"orders"_s } });
    QCOMPARE(backend.calls.size(), 1);
    QCOMPARE(backend.cancelled, 0);
}

void tst_QueryClient::invalidateRefetchesActiveOnly()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setQueryData(QueryKey { u"orders"_s, u"inactive"_s }, 1);
    QueryObserver active(&client, { QueryKey { u"orders"_s, u"active"_s } });
    backend.resolve(0);
    QCOMPARE(backend.calls.size(), 1);

    client.invalidateQueries(QueryFilter::prefix(QueryKey { u"orders"_s }));
    QVERIFY(client.state(QueryKey { u"orders"_s, u"inactive"_s }).isInvalidated);
    QVERIFY(client.state(QueryKey { u"orders"_s, u"active"_s }).isInvalidated);
    QTRY_COMPARE(backend.calls.size(), 2);
    QCOMPARE(backend.calls.at(1).key(), (QueryKey { u"orders"_s, u"active"_s }));
    backend.resolve(1);
    QVERIFY(!client.state(QueryKey { u"orders"_s, u"active"_s }).isInvalidated);
    QVERIFY(client.state(QueryKey { u"orders"_s, u"inactive"_s }).isInvalidated);
}

void tst_QueryClient::invalidationsInOneTurnCostOneFetch()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    backend.resolve(0);
    for (int i = 0; i < 50; ++i)
        client.invalidateQueries(QueryFilter::prefix(QueryKey { u"orders"_s }));
    QTRY_COMPARE(backend.calls.size(), 2);
    QCoreApplication::processEvents();
    QCOMPARE(backend.calls.size(), 2);
    QCOMPARE(backend.cancelled, 0);
}

void tst_QueryClient::invalidationDuringFirstFetchIsNotSwallowed()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QCOMPARE(backend.calls.size(), 1);
    backend.value = 1; // the server state the first fetch read
    client.invalidateQueries(); // a change committed after that read
    QTRY_COMPARE(backend.calls.size(), 2); // the first fetch is cancelled and restarted
    QVERIFY(backend.calls.at(0).isCancelled());
    backend.resolve(0); // a late answer of the cancelled fetch changes nothing
    QCOMPARE(observer.result().status, QueryStatus::Pending);
    backend.value = 2;
    backend.resolve(1);
    QCOMPARE(observer.result().data.toInt(), 2);
    QVERIFY(!observer.result().isInvalidated);
}

void tst_QueryClient::followUpLetsTheRunningFetchLand()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QCOMPARE(backend.calls.size(), 1);
    bool done = false;
    client.invalidateQueries(
        {}, RefetchType::Active, RunningFetch::FollowUp, [&done] { done = true; });
    QCoreApplication::processEvents(); // the turn in which a restart would have happened
    QCOMPARE(backend.cancelled, 0);
    QCOMPARE(backend.calls.size(), 1);
    backend.value = 1;
    backend.resolve(0); // the running fetch lands...
    QCOMPARE(observer.result().data.toInt(), 1);
    QVERIFY(observer.result().isInvalidated); // ...but does not answer the later invalidation
    QVERIFY(!done);
    QTRY_COMPARE(backend.calls.size(), 2); // so one more fetch follows
    backend.value = 2;
    backend.resolve(1);
    QCOMPARE(observer.result().data.toInt(), 2);
    QVERIFY(!observer.result().isInvalidated);
    QTRY_VERIFY(done);
    QCOMPARE(backend.calls.size(), 2);
}

void tst_QueryClient::followUpUnderAStreamOfInvalidations()
{
    // Events every few ms, fetches slower than that: with Restart nothing would ever land.
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    for (int round = 1; round <= 5; ++round) {
        client.invalidateQueries({}, RefetchType::Active, RunningFetch::FollowUp);
        QCoreApplication::processEvents();
        client.invalidateQueries({}, RefetchType::Active, RunningFetch::FollowUp);
        QCoreApplication::processEvents();
        backend.value = round;
        QCOMPARE(backend.pending(), 1); // never two fetches of one key at once
        backend.resolve(backend.calls.size() - 1);
        QCOMPARE(observer.result().data.toInt(), round); // every fetch lands
        QTRY_COMPARE(backend.pending(), 1); // and exactly one follow-up is on its way
    }
    QCOMPARE(backend.cancelled, 0);
    QCOMPARE(backend.calls.size(), 6);
}

void tst_QueryClient::writeDuringFetchIsNotOverwritten()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    client.setQueryData(QueryKey { u"orders"_s }, 42); // e.g. a pushed full value
    backend.value = 1; // the older answer of the fetch started before the write
    backend.resolve(0);
    QCOMPARE(observer.result().data.toInt(), 42);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Idle);
}

void tst_QueryClient::setQueryDataUpdater()
{
    QueryClient client;
    const QueryKey key { u"n"_s };
    client.setQueryData(key, 1);
    client.setQueryData(
        key, [](const QJsonValue &old) -> std::optional<QJsonValue> { return old.toInt() + 1; });
    QCOMPARE(client.queryData(key).toInt(), 2);
    const qint64 before = client.state(key).dataUpdatedAt;
    client.setQueryData(key, [](const QJsonValue &) -> std::optional<QJsonValue> { return {}; });
    QCOMPARE(client.queryData(key).toInt(), 2);
    QCOMPARE(client.state(key).dataUpdatedAt, before);
}

void tst_QueryClient::backgroundErrorKeepsData()
{
    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 0, 1ms, 1ms });
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    backend.value = 5;
    backend.resolve(0);
    observer.refetch();
    backend.calls.at(1).reject({ ErrorKind::Server, u"boom"_s });
    const QueryState s = observer.result();
    QCOMPARE(s.status, QueryStatus::Error);
    QCOMPARE(s.data.toInt(), 5);
    QCOMPARE(s.error.kind, ErrorKind::Server);
}

void tst_QueryClient::retriesWithBackoff()
{
    QCOMPARE(RetryPolicy().delayFor(0), 1000ms);
    QCOMPARE(RetryPolicy().delayFor(3), 8000ms);
    QCOMPARE(RetryPolicy().delayFor(10), 30000ms);

    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 2, 1ms, 5ms });
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    backend.calls.at(0).reject({ ErrorKind::Network, u"refused"_s });
    QCOMPARE(observer.result().failureCount, 1);
    QVERIFY(observer.result().isFetching()); // still fetching while waiting to retry
    QTRY_COMPARE(backend.calls.size(), 2);
    backend.calls.at(1).reject({ ErrorKind::Network, u"refused"_s });
    QTRY_COMPARE(backend.calls.size(), 3);
    backend.calls.at(2).reject({ ErrorKind::Network, u"refused"_s });
    QCOMPARE(observer.result().status, QueryStatus::Error);
    QCOMPARE(observer.result().failureCount, 3);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Idle); // retries exhausted

    // A non-retryable error fails at once.
    observer.refetch();
    backend.calls.at(3).reject({ ErrorKind::Forbidden, u"no"_s });
    QCOMPARE(observer.result().error.kind, ErrorKind::Forbidden);
}

void tst_QueryClient::cancelRevertsWithoutError()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    backend.value = 3;
    backend.resolve(0);
    observer.refetch();
    QVERIFY(observer.result().isFetching());
    client.cancelQueries();
    QCOMPARE(backend.cancelled, 1);
    const QueryState s = observer.result();
    QCOMPARE(s.fetchStatus, FetchStatus::Idle);
    QCOMPARE(s.status, QueryStatus::Success);
    QCOMPARE(s.data.toInt(), 3);
    QVERIFY(s.error.ok());
}

void tst_QueryClient::unobservedQueryIsCollected()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QSignalSpy removed(&client, &QueryClient::queryRemoved);
    {
        QueryOptions options { QueryKey { u"orders"_s } };
        options.gcTime = 10ms;
        QueryObserver observer(&client, options);
        backend.resolve(0);
    }
    QVERIFY(client.contains(QueryKey { u"orders"_s }));
    QVERIFY(removed.wait(2000));
    QVERIFY(!client.contains(QueryKey { u"orders"_s }));
}

void tst_QueryClient::offlinePausesAndResumes()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setOnline(false);
    QueryObserver observer(&client, { QueryKey { u"orders"_s } });
    QCOMPARE(backend.calls.size(), 0);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Paused);
    client.setOnline(true);
    QCOMPARE(backend.calls.size(), 1);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Fetching);
}

void tst_QueryClient::notificationsAreCoalesced()
{
    QueryClient client;
    QueryOptions options(QueryKey { u"n"_s });
    options.enabled = false;
    QueryObserver observer(&client, options);
    QSignalSpy changed(&observer, &QueryObserver::resultChanged);
    QSignalSpy updated(&client, &QueryClient::queryUpdated);
    for (int i = 0; i < 100; ++i)
        client.setQueryData(QueryKey { u"n"_s }, i);
    QVERIFY(changed.wait(1000));
    QCoreApplication::processEvents();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(updated.size(), 1);
    QCOMPARE(observer.result().data.toInt(), 99);
}

namespace {

QueryKey k(std::initializer_list<QJsonValue> parts)
{
    return QueryKey(parts);
}

QStringList sortedKeys(const QList<QueryKey> &keys)
{
    QStringList out;
    for (const QueryKey &key : keys)
        out.append(key.toString());
    out.sort();
    return out;
}

} // namespace

void tst_QueryClient::filters_data()
{
    QTest::addColumn<QueryFilter>("filter");
    QTest::addColumn<QStringList>("expected");
    const QJsonObject newPage { { "status"_L1, u"new"_s } };
    QTest::newRow("prefix") << QueryFilter::prefix(k({ u"orders"_s }))
                            << QStringList { uR"(["orders",1])"_s, uR"(["orders",2])"_s,
                                   uR"(["orders",{"page":1,"status":"new"}])"_s,
                                   uR"(["orders"])"_s };
    QTest::newRow("exact") << QueryFilter::exactly(k({ u"orders"_s }))
                           << QStringList { uR"(["orders"])"_s };
    QTest::newRow("exact missing") << QueryFilter::exactly(k({ u"nope"_s })) << QStringList {};
    QTest::newRow("object subset") << QueryFilter::prefix(k({ u"orders"_s, newPage }))
                                   << QStringList { uR"(["orders",{"page":1,"status":"new"}])"_s };
    QTest::newRow("active")
        << QueryFilter::prefix(k({ u"orders"_s })).withType(QueryFilter::Type::Active)
        << QStringList { uR"(["orders",1])"_s };
    QTest::newRow("inactive (disabled observer is inactive)")
        << QueryFilter::prefix(k({ u"orders"_s, 2 })).withType(QueryFilter::Type::Inactive)
        << QStringList { uR"(["orders",2])"_s };
    QTest::newRow("fetchStatus") << QueryFilter().withFetchStatus(FetchStatus::Fetching)
                                 << QStringList { uR"(["orders",1])"_s };
    QTest::newRow("stale") << QueryFilter().withStale(true) << QStringList { uR"(["orders",1])"_s };
    QTest::newRow("predicate") << QueryFilter().withPredicate(
        [](const QueryKey &key, const QueryState &) { return key.size() == 1; })
                               << QStringList { uR"(["drivers"])"_s, uR"(["orders"])"_s };
}

void tst_QueryClient::filters()
{
    QFETCH(QueryFilter, filter);
    QFETCH(QStringList, expected);
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setQueryData(k({ u"orders"_s }), QJsonValue(0));
    client.setQueryData(k({ u"drivers"_s }), QJsonValue(0));
    client.setQueryData(
        k({ u"orders"_s, QJsonObject { { "status"_L1, u"new"_s }, { "page"_L1, 1 } } }),
        QJsonValue(0));
    QueryObserver active(&client, { k({ u"orders"_s, 1 }) }); // fetching, no data: stale
    QueryOptions disabled { k({ u"orders"_s, 2 }) };
    disabled.enabled = false;
    QueryObserver off(&client, disabled);
    QCOMPARE(sortedKeys(client.keys(filter)), expected);
}

void tst_QueryClient::invalidateRefetchType_data()
{
    QTest::addColumn<RefetchType>("type");
    QTest::addColumn<QStringList>("refetched");
    QTest::newRow("active (default)")
        << RefetchType::Active << QStringList { uR"(["q","active"])"_s };
    QTest::newRow("inactive") << RefetchType::Inactive << QStringList { uR"(["q","inactive"])"_s };
    QTest::newRow("all") << RefetchType::All
                         << QStringList { uR"(["q","active"])"_s, uR"(["q","inactive"])"_s };
    QTest::newRow("none") << RefetchType::None << QStringList {};
}

void tst_QueryClient::invalidateRefetchType()
{
    QFETCH(RefetchType, type);
    QFETCH(QStringList, refetched);
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setQueryData(k({ u"q"_s, u"inactive"_s }), 1);
    QueryObserver active(&client, { k({ u"q"_s, u"active"_s }) });
    QueryOptions disabled { k({ u"q"_s, u"disabled"_s }) };
    disabled.enabled = false;
    QueryObserver off(&client, disabled);
    client.setQueryData(k({ u"q"_s, u"disabled"_s }), 1);
    QueryOptions staticOptions { k({ u"q"_s, u"static"_s }) };
    staticOptions.staleTime = StaleTime::staticData;
    client.setQueryData(k({ u"q"_s, u"static"_s }), 1);
    QueryObserver stat(&client, staticOptions);
    backend.resolve(0);
    backend.calls.clear();

    client.invalidateQueries(QueryFilter::prefix(k({ u"q"_s })), type);
    for (const QString &name : { u"active"_s, u"inactive"_s, u"disabled"_s })
        QVERIFY(client.state(k({ u"q"_s, name })).isInvalidated);
    QVERIFY(!stat.isStale()); // static overrides invalidation
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QStringList keys;
    for (const auto &c : backend.calls)
        keys.append(c.key().toString());
    keys.sort();
    QCOMPARE(keys, refetched);
}

void tst_QueryClient::invalidateCompletionDoesNotFail()
{
    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 0, 1ms, 1ms });
    client.setDefaultQueryFn(backend.fn());
    QueryObserver a(&client, { k({ u"a"_s }) });
    QueryObserver b(&client, { k({ u"b"_s }) });
    backend.resolve(0);
    backend.resolve(1);
    int done = 0;
    client.invalidateQueries({}, RefetchType::Active, [&] { ++done; });
    QTRY_COMPARE(backend.calls.size(), 4);
    QCOMPARE(done, 0);
    backend.calls.at(2).reject({ ErrorKind::Server, u"boom"_s });
    QCOMPARE(done, 0);
    backend.resolve(3);
    QTRY_COMPARE(done, 1);
}

void tst_QueryClient::inflightRules_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<int>("calls");
    QTest::addColumn<int>("cancelled");
    QTest::newRow("mount joins") << u"mount"_s << 1 << 0;
    QTest::newRow("focus joins") << u"focus"_s << 1 << 0;
    QTest::newRow("fetchQuery joins") << u"fetchQuery"_s << 1 << 0;
    QTest::newRow("refetch restarts") << u"refetch"_s << 2 << 1;
    QTest::newRow("refetchQueries restarts") << u"refetchQueries"_s << 2 << 1;
    QTest::newRow("invalidate restarts") << u"invalidate"_s << 2 << 1;
}

void tst_QueryClient::inflightRules()
{
    QFETCH(QString, trigger);
    QFETCH(int, calls);
    QFETCH(int, cancelled);
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setFocused(false);
    const QueryKey key { u"orders"_s };
    QueryObserver first(&client, { key });
    QCOMPARE(backend.calls.size(), 1);
    std::unique_ptr<QueryObserver> second;
    if (trigger == u"mount")
        second = std::make_unique<QueryObserver>(&client, QueryOptions { key });
    else if (trigger == u"focus")
        client.setFocused(true);
    else if (trigger == u"fetchQuery")
        client.fetchQuery(key);
    else if (trigger == u"refetch")
        first.refetch();
    else if (trigger == u"refetchQueries")
        client.refetchQueries(QueryFilter::exactly(key));
    else
        client.invalidateQueries(QueryFilter::exactly(key));
    QCoreApplication::processEvents();
    QCOMPARE(backend.calls.size(), calls);
    QCOMPARE(backend.cancelled, cancelled);
}

void tst_QueryClient::setQueriesDataKeepsFetchStatus()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"orders"_s, 1 }) });
    backend.value = 1;
    backend.resolve(0);
    client.setQueryData(k({ u"orders"_s, 2 }), 10);
    client.invalidateQueries(QueryFilter::prefix(k({ u"orders"_s })));
    QTRY_COMPARE(backend.calls.size(), 2);
    QVERIFY(observer.result().isFetching());
    QList<QJsonValue> seen;
    client.setQueriesData(QueryFilter::prefix(k({ u"orders"_s })),
        [&](const QJsonValue &old) -> std::optional<QJsonValue> {
            seen.append(old);
            if (old.toInt() == 10)
                return std::nullopt; // no-op for this one
            return old.toInt() + 100;
        });
    QCOMPARE(seen.size(), 2);
    QCOMPARE(client.queryData(k({ u"orders"_s, 1 })).toInt(), 101);
    QVERIFY(!client.state(k({ u"orders"_s, 1 })).isInvalidated); // cleared by the write
    QVERIFY(client.state(k({ u"orders"_s, 2 })).isInvalidated); // untouched by the no-op
    QCOMPARE(client.state(k({ u"orders"_s, 1 })).fetchStatus, FetchStatus::Fetching); // left alone
    QVERIFY(client.state(k({ u"orders"_s, 1 })).dataUpdatedAt > 0);
}

void tst_QueryClient::cancelFirstFetchRevertsToPending()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"orders"_s }) });
    client.cancelQueries();
    const QueryState s = observer.result();
    QCOMPARE(s.status, QueryStatus::Pending);
    QCOMPARE(s.fetchStatus, FetchStatus::Idle);
    QVERIFY(s.error.ok());
    QVERIFY(backend.calls.at(0).isCancelled());
}

void tst_QueryClient::statusFlags_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QueryStatus>("status");
    QTest::addColumn<FetchStatus>("fetchStatus");
    QTest::addColumn<bool>("isLoading");
    QTest::addColumn<bool>("isRefetching");
    QTest::addColumn<bool>("isLoadingError");
    QTest::addColumn<bool>("isRefetchError");
    QTest::addColumn<bool>("hasData");
    QTest::newRow("first load") << u"load"_s << QueryStatus::Pending << FetchStatus::Fetching
                                << true << false << false << false << false;
    QTest::newRow("success") << u"success"_s << QueryStatus::Success << FetchStatus::Idle << false
                             << false << false << false << true;
    QTest::newRow("background refetch")
        << u"refetch"_s << QueryStatus::Success << FetchStatus::Fetching << false << true << false
        << false << true;
    QTest::newRow("load error") << u"loadError"_s << QueryStatus::Error << FetchStatus::Idle
                                << false << false << true << false << false;
    QTest::newRow("background error keeps data")
        << u"refetchError"_s << QueryStatus::Error << FetchStatus::Idle << false << false << false
        << true << true;
    QTest::newRow("offline first load is paused")
        << u"paused"_s << QueryStatus::Pending << FetchStatus::Paused << false << false << false
        << false << false;
}

void tst_QueryClient::statusFlags()
{
    QFETCH(QString, scenario);
    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 0, 1ms, 1ms });
    client.setDefaultQueryFn(backend.fn());
    if (scenario == u"paused")
        client.setOnline(false);
    QueryObserver observer(&client, { k({ u"q"_s }) });
    if (scenario == u"loadError")
        backend.calls.at(0).reject({ ErrorKind::Server, u"x"_s });
    if (scenario == u"success" || scenario == u"refetch" || scenario == u"refetchError")
        backend.resolve(0);
    if (scenario == u"refetch" || scenario == u"refetchError")
        observer.refetch();
    if (scenario == u"refetchError")
        backend.calls.at(1).reject({ ErrorKind::Server, u"x"_s });
    const QueryResult r = observer.result();
    QTEST(r.status, "status");
    QTEST(r.fetchStatus, "fetchStatus");
    QTEST(r.isLoading(), "isLoading");
    QTEST(r.isRefetching(), "isRefetching");
    QTEST(r.isLoadingError(), "isLoadingError");
    QTEST(r.isRefetchError(), "isRefetchError");
    QTEST(r.hasData(), "hasData");
}

void tst_QueryClient::staleTime_data()
{
    QTest::addColumn<qint64>("staleTime");
    QTest::addColumn<bool>("invalidate");
    QTest::addColumn<bool>("stale");
    QTest::newRow("0") << qint64(0) << false << true;
    QTest::newRow("1 hour") << qint64(3600000) << false << false;
    QTest::newRow("1 hour, invalidated") << qint64(3600000) << true << true;
    QTest::newRow("infinite") << qint64(StaleTime::infinite.count()) << false << false;
    QTest::newRow("infinite, invalidated") << qint64(StaleTime::infinite.count()) << true << true;
    QTest::newRow("static, invalidated") << qint64(StaleTime::staticData.count()) << true << false;
}

void tst_QueryClient::staleTime()
{
    QFETCH(qint64, staleTime);
    QFETCH(bool, invalidate);
    QFETCH(bool, stale);
    QueryClient client;
    client.setQueryData(k({ u"q"_s }), 1);
    QueryOptions options { k({ u"q"_s }) };
    options.staleTime = std::chrono::milliseconds(staleTime);
    options.fn = [](const QueryContext &) {};
    QueryObserver observer(&client, options);
    if (invalidate)
        client.invalidateQueries({}, RefetchType::None);
    QCOMPARE(observer.isStale(), stale);
    QCOMPARE(observer.result().isStaleResult, stale);
}

void tst_QueryClient::gcOnlyWhenUnobservedAndIdle()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QSignalSpy removed(&client, &QueryClient::queryRemoved);
    QueryOptions options { k({ u"q"_s }) };
    options.gcTime = 5ms;
    {
        QueryObserver observer(&client, options);
    } // unobserved while its fetch is in flight: not collected while fetching
    QVERIFY(!removed.wait(50));
    QVERIFY(client.contains(k({ u"q"_s })));
    backend.resolve(0); // idle now: the timer restarts after the fetch
    QVERIFY(removed.wait(2000));
    QVERIFY(!client.contains(k({ u"q"_s })));

    // Observed again before the timer fires: kept.
    client.setDefaultGcTime(20ms);
    client.setQueryData(k({ u"kept"_s }), 1);
    QueryOptions infinite { k({ u"kept"_s }) };
    infinite.gcTime = QueryOptions::infinite;
    infinite.staleTime = StaleTime::infinite;
    QueryObserver keeper(&client, infinite);
    QVERIFY(!removed.wait(100));
    QVERIFY(client.contains(k({ u"kept"_s })));
}

void tst_QueryClient::retryFailureReasonAndOfflinePause()
{
    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 2, 1ms, 1ms });
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"q"_s }) });
    client.setOnline(false);
    backend.calls.at(0).reject({ ErrorKind::Network, u"down"_s });
    QCOMPARE(observer.result().failureCount, 1);
    QCOMPARE(observer.result().failureReason.kind, ErrorKind::Network);
    QTRY_COMPARE(observer.result().fetchStatus, FetchStatus::Paused); // retry waits for online
    QCOMPARE(backend.calls.size(), 1);
    client.setOnline(true);
    QCOMPARE(backend.calls.size(), 2);
    backend.value = 9;
    backend.resolve(1);
    QCOMPARE(observer.result().failureCount, 0);
    QVERIFY(observer.result().failureReason.ok());
    QCOMPARE(observer.result().data.toInt(), 9);
}

void tst_QueryClient::retryAfterDelaysTheRetry()
{
    FakeBackend backend;
    QueryClient client;
    client.setRetryPolicy({ 1, 1ms, 1ms });
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"q"_s }) });
    QElapsedTimer timer;
    timer.start();
    backend.calls.at(0).reject({ ErrorKind::RateLimited, u"slow down"_s }, 150ms);
    QTRY_COMPARE(backend.calls.size(), 2);
    QVERIFY(timer.elapsed() >= 140);
}

void tst_QueryClient::notModifiedIsAFreshSuccess()
{
    QueryClient client;
    int calls = 0;
    QueryOptions options { k({ u"q"_s }) };
    options.fn = [&](const QueryContext &ctx) {
        if (++calls == 1) {
            ctx.setMeta(u"etag-1"_s);
            ctx.resolve(QJsonArray { 1, 2 });
        } else {
            QCOMPARE(ctx.meta().toString(), u"etag-1"_s);
            ctx.resolveNotModified();
        }
    };
    QueryObserver observer(&client, options);
    QCOMPARE(observer.result().data, QJsonValue(QJsonArray { 1, 2 }));
    client.invalidateQueries();
    QVERIFY(observer.result().isInvalidated);
    QTRY_COMPARE(calls, 2);
    const QueryResult r = observer.result();
    QCOMPARE(r.status, QueryStatus::Success);
    QVERIFY(!r.isInvalidated);
    QCOMPARE(r.data, QJsonValue(QJsonArray { 1, 2 }));
    QCOMPARE(client.queryMeta(k({ u"q"_s })).toString(), u"etag-1"_s);
}

void tst_QueryClient::answerOlderThanWriteKeepsNewestVersions()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    const QueryKey key { u"orders"_s };
    QueryObserver observer(&client, { key });
    auto row = [](const QString &id, int version, const QString &status) {
        return QJsonObject { { "id"_L1, id }, { "version"_L1, version }, { "status"_L1, status } };
    };
    // Pushed while the fetch is in flight: A at v3.
    client.setQueryData(key, QJsonArray { row(u"A"_s, 3, u"pushed"_s), row(u"B"_s, 1, u"old"_s) });
    // The older answer: A at v2 (older than the push), B at v2 (newer than the cache).
    backend.calls.at(0).resolve(
        QJsonArray { row(u"A"_s, 2, u"fetched"_s), row(u"B"_s, 2, u"fetched"_s) });
    const QJsonArray data = observer.result().data.toArray();
    QCOMPARE(data.at(0).toObject().value("status"_L1).toString(), u"pushed"_s);
    QCOMPARE(data.at(1).toObject().value("status"_L1).toString(), u"fetched"_s);
}

void tst_QueryClient::exactAndPrefixLookupsUseTheIndex()
{
    QueryClient client;
    for (int i = 0; i < 2000; ++i) {
        client.setQueryData(k({ u"orders"_s, i }), i);
        client.setQueryData(k({ u"drivers"_s, i }), i);
    }
    int visited = 0;
    auto counting = [&visited](const QueryKey &, const QueryState &) {
        ++visited;
        return true;
    };
    QCOMPARE(
        client.keys(QueryFilter::exactly(k({ u"orders"_s, 5 })).withPredicate(counting)).size(), 1);
    QCOMPARE(visited, 1); // one hash lookup, no scan
    visited = 0;
    QCOMPARE(
        client.keys(QueryFilter::prefix(k({ u"drivers"_s })).withPredicate(counting)).size(), 2000);
    QCOMPARE(visited, 2000); // the bucket only: no order was looked at
    visited = 0;
    QCOMPARE(
        client.keys(QueryFilter::prefix(k({ u"orders"_s, 7 })).withPredicate(counting)).size(), 1);
    QCOMPARE(visited, 1);
    client.removeQueries(QueryFilter::prefix(k({ u"drivers"_s })));
    QCOMPARE(client.queryCount(), 2000);
    QCOMPARE(client.keys(QueryFilter::prefix(k({ u"drivers"_s }))).size(), 0);
}

void tst_QueryClient::cacheEventsCarryTheAction()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QList<QueryCacheEvent> events;
    connect(&client, &QueryClient::cacheEvent, this,
        [&events](const QueryCacheEvent &e) { events.append(e); });
    {
        QueryObserver observer(&client, { k({ u"q"_s }) });
        backend.resolve(0);
        client.invalidateQueries({}, RefetchType::None);
        client.setQueryData(k({ u"q"_s }), 5);
    }
    client.removeQueries();
    using T = QueryCacheEvent::Type;
    using A = QueryCacheEvent::Action;
    QList<std::pair<T, A>> got;
    for (const auto &e : events)
        got.append({ e.type, e.action });
    const QList<std::pair<T, A>> expected { { T::Added, A::None }, { T::ObserverAdded, A::None },
        { T::Updated, A::Fetch }, { T::Updated, A::Success }, { T::Updated, A::Invalidate },
        { T::Updated, A::SetData }, { T::ObserverRemoved, A::None }, { T::Removed, A::None } };
    QCOMPARE(got, expected);
}

void tst_QueryClient::predicateMayWriteToTheCache_data()
{
    QTest::addColumn<QString>("write");
    QTest::addColumn<bool>("prefix");
    for (const bool prefix : { false, true }) {
        const char *how = prefix ? "prefix filter" : "all";
        QTest::addRow("adds, %s", how) << u"add"_s << prefix;
        QTest::addRow("removes, %s", how) << u"remove"_s << prefix;
    }
}

void tst_QueryClient::predicateMayWriteToTheCache()
{
    // query-core filters a snapshot: a predicate that writes to the cache neither crashes the
    // walk nor makes it skip or revisit queries.
    QFETCH(QString, write);
    QFETCH(bool, prefix);
    QueryClient client;
    for (int i = 0; i < 64; ++i)
        client.setQueryData(k({ u"q"_s, i }), i);
    QStringList visited;
    int added = 0;
    QueryFilter filter = prefix ? QueryFilter::prefix(k({ u"q"_s })) : QueryFilter();
    filter.withPredicate([&](const QueryKey &key, const QueryState &) {
        visited.append(key.toString());
        if (write == u"add")
            client.setQueryData(
                k({ u"q"_s, 1000 + added++ }), QJsonValue(0)); // into the same bucket
        else
            client.removeQueries(QueryFilter::exactly(k({ u"q"_s, 63 - int(visited.size()) })));
        return true;
    });
    client.invalidateQueries(filter, RefetchType::None);
    QCOMPARE(visited.size(), 64);
    QCOMPARE(QSet<QString>(visited.begin(), visited.end()).size(), 64); // none twice
    if (write == u"add")
        QCOMPARE(client.queryCount(), 128);
}

void tst_QueryClient::bigIntegerKeysStayApart_data()
{
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::newRow("order ids") << qint64(1234567890123456789) << qint64(1234567890123456790);
    QTest::newRow("2^53, 2^53+1") << (qint64(1) << 53) << (qint64(1) << 53) + 1;
    QTest::newRow("-2^53-1, -2^53-2") << -(qint64(1) << 53) - 1 << -(qint64(1) << 53) - 2;
}

void tst_QueryClient::bigIntegerKeysStayApart()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    const QueryKey ka { u"order"_s, a };
    const QueryKey kb { u"order"_s, b };
    QVERIFY(ka.hash() != kb.hash());
    QVERIFY(!(ka == kb));
    QVERIFY(!ka.matches(kb));
    QVERIFY(ka.matches(QueryKey { u"order"_s, a }));
    QCOMPARE(QueryKey::fromHash(ka.hash()).at(1).toInteger(), a);
    QueryClient client;
    client.setQueryData(ka, u"A"_s);
    client.setQueryData(kb, u"B"_s);
    QCOMPARE(client.queryCount(), 2);
    QCOMPARE(client.queryData(ka).toString(), u"A"_s);
    QCOMPARE(client.queryData(kb).toString(), u"B"_s);
    QCOMPARE(client.keys(QueryFilter::exactly(kb)), QList<QueryKey> { kb });
    // A whole-number double and the same integer are one number (one key), as in JSON.
    QCOMPARE(QueryKey({ u"order"_s, 5.0 }).hash(), QueryKey({ u"order"_s, 5 }).hash());
}

void tst_QueryClient::resetKeepsCompletions()
{
    // Callbacks waiting on a fetch that the reset replaces still run: with the fetch that
    // replaces it (an active query), or at once when nothing is refetched.
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"active"_s }) });
    backend.resolve(0);
    bool invalidated = false;
    std::optional<QueryState> fetched;
    client.invalidateQueries({}, RefetchType::Active, [&] { invalidated = true; });
    QTRY_COMPARE(backend.calls.size(), 2);
    client.fetchQuery(k({ u"active"_s }), {}, [&](const QueryState &s) { fetched = s; });
    client.fetchQuery(k({ u"inactive"_s }));
    bool inactiveDone = false;
    client.fetchQuery(k({ u"inactive"_s }), {}, [&](const QueryState &) { inactiveDone = true; });
    QCOMPARE(backend.calls.size(), 3);
    client.resetQueries();
    QCOMPARE(backend.calls.size(), 4); // the active query fetches again; the inactive one not
    QVERIFY(inactiveDone); // its fetch was cancelled: settled
    QVERIFY(!fetched);
    backend.value = 8;
    backend.resolve(3);
    QVERIFY(fetched.has_value());
    QCOMPARE(fetched->data.toInt(), 8);
    QTRY_VERIFY(invalidated);
}

void tst_QueryClient::noDataChangeIsAnEmptyRowChangeSet()
{
    // Fetch start, an identical refetch and a 304 change no row: observers read an empty row
    // change set and need not diff the list themselves.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    const QJsonArray rows { QJsonObject { { "id"_L1, u"A"_s }, { "version"_L1, 1 } },
        QJsonObject { { "id"_L1, u"B"_s }, { "version"_L1, 1 } } };
    int calls = 0;
    QueryOptions options { key };
    QList<QueryContext> pending;
    options.fn = [&](const QueryContext &ctx) {
        ++calls;
        pending.append(ctx);
    };
    QueryObserver observer(&client, options);
    pending.takeFirst().resolve(rows);
    QTRY_VERIFY(observer.result().hasData());
    QCoreApplication::processEvents();
    QList<QueryChangeSet> seen;
    connect(
        &observer, &QueryObserver::resultChanged, this, [&] { seen.append(observer.changes()); });
    observer.refetch(); // fetch start
    QTRY_COMPARE(seen.size(), 1);
    pending.takeFirst().resolve(rows); // identical answer
    QTRY_COMPARE(seen.size(), 2);
    observer.refetch();
    QTRY_COMPARE(seen.size(), 3);
    pending.takeFirst().resolveNotModified();
    QTRY_COMPARE(seen.size(), 4);
    for (const QueryChangeSet &c : std::as_const(seen)) {
        QVERIFY(c.isRowDiff());
        QVERIFY(c.isEmpty());
    }
}

void tst_QueryClient::versionedRefetchAfterPushedChanges()
{
    // A refetch of versioned rows compares its answer with the ids and versions kept of the
    // cached list; pushed changes in between must keep those true (or drop them).
    QueryClient client;
    const QueryKey key { u"orders"_s };
    auto row = [](const QString &id, int version, const QString &status = u"new"_s) {
        return QJsonObject { { "id"_L1, id }, { "version"_L1, version }, { "status"_L1, status } };
    };
    QList<QueryContext> pending;
    QueryOptions options { key };
    options.versionedRows = true;
    options.fn = [&](const QueryContext &ctx) { pending.append(ctx); };
    QueryObserver observer(&client, options);
    QTRY_COMPARE(pending.size(), 1);
    pending.takeFirst().resolve(QJsonArray { row(u"A"_s, 1), row(u"B"_s, 1), row(u"C"_s, 1) });
    QTRY_VERIFY(observer.result().hasData());
    QCoreApplication::processEvents();
    QList<QueryChangeSet> seen;
    connect(
        &observer, &QueryObserver::resultChanged, this, [&] { seen.append(observer.changes()); });
    // Asks again, and lets what was said before (a pushed change, the fetch starting) be heard.
    const auto refetch = [&] {
        QTRY_VERIFY(!seen.isEmpty());
        seen.clear();
        observer.refetch();
        QCOMPARE(pending.size(), 1);
        QTRY_VERIFY(!seen.isEmpty());
        seen.clear();
    };
    const auto ids = [&observer] {
        QStringList out;
        for (const QJsonValue &v : observer.result().data.toArray())
            out.append(RowList::idOf(v.toObject()));
        return out;
    };

    // B changed in place by a pushed change; the server then answers with the same B.
    QVERIFY(client.patchServerRows(key, [&](RowList &rows) {
        return rows.patch(u"B"_s, 2, QJsonObject { { "status"_L1, u"assigned"_s } });
    }));
    refetch();
    pending.takeFirst().resolve(
        QJsonArray { row(u"A"_s, 1), row(u"B"_s, 2, u"assigned"_s), row(u"C"_s, 1) });
    QTRY_VERIFY(!seen.isEmpty());
    QVERIFY(seen.last().isRowDiff());
    QVERIFY(seen.last().isEmpty());
    // C changes on the server: only C is named.
    refetch();
    pending.takeFirst().resolve(QJsonArray {
        row(u"A"_s, 1), row(u"B"_s, 2, u"assigned"_s), row(u"C"_s, 2, u"delivered"_s) });
    QTRY_VERIFY(!seen.isEmpty());
    QCOMPARE(seen.last().ids(QueryChangeSet::Kind::Changed), QStringList { u"C"_s });
    // The same answer again: nothing is named (the kept stamps took C's new version in place).
    refetch();
    pending.takeFirst().resolve(QJsonArray {
        row(u"A"_s, 1), row(u"B"_s, 2, u"assigned"_s), row(u"C"_s, 2, u"delivered"_s) });
    QTRY_VERIFY(!seen.isEmpty());
    QVERIFY(seen.last().isRowDiff());
    QVERIFY(seen.last().isEmpty());

    // A is removed and pushed again: it moves to the end, and every row after it moves up.
    QVERIFY(client.patchServerRows(key, [&](RowList &rows) {
        rows.remove(u"A"_s);
        return rows.upsertNewer(row(u"A"_s, 2));
    }));
    QCOMPARE(ids(), (QStringList { u"B"_s, u"C"_s, u"A"_s }));
    refetch();
    pending.takeFirst().resolve(QJsonArray {
        row(u"A"_s, 2), row(u"B"_s, 2, u"assigned"_s), row(u"C"_s, 2, u"delivered"_s) });
    QTRY_VERIFY(!seen.isEmpty());
    QCOMPARE(ids(), (QStringList { u"A"_s, u"B"_s, u"C"_s }));
    QVERIFY(seen.last().ids(QueryChangeSet::Kind::Changed).isEmpty()); // moved, not changed
    QCOMPARE(observer.result().data.toArray().at(1).toObject().value("status"_L1).toString(),
        u"assigned"_s);
}

void tst_QueryClient::olderAnswerKeepsItsOwnRowsAndFollowsUp()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    const QueryKey key { u"orders"_s };
    QueryObserver observer(&client, { key });
    auto row = [](const QString &id, int version) {
        return QJsonObject { { "id"_L1, id }, { "version"_L1, version } };
    };
    client.setQueryData(key, QJsonArray { row(u"A"_s, 3), row(u"B"_s, 1) }); // pushed
    // The older answer also has C, an order just created on the server: it must not vanish,
    // and since answer and write disagree on which rows exist, the server is asked again.
    backend.calls.at(0).resolve(QJsonArray { row(u"A"_s, 2), row(u"B"_s, 2), row(u"C"_s, 1) });
    QStringList ids;
    for (const QJsonValue &v : observer.result().data.toArray())
        ids.append(v.toObject().value("id"_L1).toString());
    QCOMPARE(ids, (QStringList { u"A"_s, u"B"_s, u"C"_s }));
    QVERIFY(observer.result().isInvalidated);
    QTRY_COMPARE(backend.calls.size(), 2); // the follow-up
    backend.calls.at(1).resolve(QJsonArray { row(u"A"_s, 3), row(u"B"_s, 2), row(u"C"_s, 1) });
    QVERIFY(!observer.result().isInvalidated);
}

void tst_QueryClient::throwingQueryFunctionIsAnError()
{
    QueryClient client;
    client.setRetryPolicy({ 0, 1ms, 1ms });
    int calls = 0;
    QueryOptions options { k({ u"q"_s }) };
    options.fn = [&calls](const QueryContext &ctx) {
        if (++calls == 1)
            throw std::runtime_error("parser broke");
        ctx.resolve(2);
    };
    QueryObserver observer(&client, options);
    QCOMPARE(calls, 1);
    QCOMPARE(observer.result().status, QueryStatus::Error);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Idle);
    QVERIFY(observer.result().error.message.contains(u"parser broke"_s));
    observer.refetch(); // a new fetch, not one joined to a dead one
    QCOMPARE(calls, 2);
    QCOMPARE(observer.result().data.toInt(), 2);
}

void tst_QueryClient::staticDataIsNeverRefetchedOnFocus()
{
    FakeBackend backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    client.setQueryData(k({ u"q"_s }), 1);
    QueryOptions options { k({ u"q"_s }) };
    options.staleTime = StaleTime::staticData;
    options.refetchOnWindowFocus = RefetchOn::Always;
    options.refetchOnReconnect = RefetchOn::Always;
    options.refetchOnMount = RefetchOn::Always;
    QueryObserver observer(&client, options);
    client.setFocused(false);
    client.setFocused(true);
    client.setOnline(false);
    client.setOnline(true);
    QCoreApplication::processEvents();
    QCOMPARE(backend.calls.size(), 0);
}

void tst_QueryClient::retryIsAFunctionOfCountAndError()
{
    // Default: a 404 fails at once (it would fail the same way again).
    QCOMPARE(RetryPolicy().shouldRetry(1, { ErrorKind::NotFound, {} }), false);
    QCOMPARE(RetryPolicy().shouldRetry(3, { ErrorKind::Network, {} }), true);
    QCOMPARE(RetryPolicy().shouldRetry(4, { ErrorKind::Network, {} }), false);
    QCOMPARE(RetryPolicy::anyError(3).shouldRetry(3, { ErrorKind::NotFound, {} }), true);
    QCOMPARE(RetryPolicy::anyError(3).shouldRetry(1, { ErrorKind::Cancelled, {} }), false);

    ManualClock clock;
    FakeBackend backend;
    QueryClient client;
    client.setClock(&clock);
    RetryPolicy policy;
    QList<std::pair<int, ErrorKind>> asked;
    policy.retry = [&asked](int failures, const Error &e) {
        asked.append({ failures, e.kind });
        return e.kind == ErrorKind::NotFound && failures < 3; // e.g. a row not replicated yet
    };
    policy.retryDelay = [](int failures, const Error &) {
        return std::chrono::milliseconds(100 * failures);
    };
    client.setRetryPolicy(policy);
    client.setDefaultQueryFn(backend.fn());
    QueryObserver observer(&client, { k({ u"q"_s }) });
    backend.calls.at(0).reject({ ErrorKind::NotFound, u"not yet"_s });
    QCOMPARE(clock.untilNext(), 100);
    clock.advance(99ms);
    QCOMPARE(backend.calls.size(), 1);
    clock.advance(1ms);
    QCOMPARE(backend.calls.size(), 2);
    backend.calls.at(1).reject({ ErrorKind::NotFound, u"not yet"_s });
    QCOMPARE(clock.untilNext(), 200);
    clock.advance(200ms);
    backend.calls.at(2).reject({ ErrorKind::NotFound, u"still not"_s });
    QCOMPARE(observer.result().status, QueryStatus::Error);
    QCOMPARE(observer.result().failureCount, 3);
    QCOMPARE(asked,
        (QList<std::pair<int, ErrorKind>> {
            { 1, ErrorKind::NotFound }, { 2, ErrorKind::NotFound }, { 3, ErrorKind::NotFound } }));
}

void tst_QueryClient::manualClockDrivesRetryAndGc()
{
    // A 30 s back-off and a 5 min gcTime, tested without waiting for either.
    ManualClock clock;
    FakeBackend backend;
    QueryClient client;
    client.setClock(&clock);
    client.setDefaultQueryFn(backend.fn());
    client.setRetryPolicy({ 6, 1000ms, 30000ms });
    QSignalSpy removed(&client, &QueryClient::queryRemoved);
    {
        QueryObserver observer(&client, { k({ u"q"_s }) });
        const qint64 started = clock.now();
        for (int attempt = 0; attempt < 6; ++attempt) {
            backend.calls.last().reject({ ErrorKind::Unavailable, u"down"_s });
            clock.advance(std::chrono::milliseconds(clock.untilNext()));
        }
        // 1 + 2 + 4 + 8 + 16 + 30 (capped) seconds.
        QCOMPARE(clock.now() - started, 61000);
        QCOMPARE(backend.calls.size(), 7);
        backend.value = 4;
        backend.calls.last().resolve(4);
        QCOMPARE(observer.result().dataUpdatedAt, clock.now());
    }
    QVERIFY(client.contains(k({ u"q"_s })));
    clock.advance(5min - 1ms);
    QVERIFY(client.contains(k({ u"q"_s })));
    clock.advance(1ms);
    QVERIFY(!client.contains(k({ u"q"_s })));
    QCOMPARE(removed.size(), 1);
}

void tst_QueryClient::initialData_data()
{
    QTest::addColumn<qint64>("staleTime");
    QTest::addColumn<qint64>("age");
    QTest::addColumn<int>("fetches");
    QTest::newRow("fresh: shown, not fetched") << qint64(60000) << qint64(0) << 0;
    QTest::newRow("stale by staleTime 0: shown and fetched") << qint64(0) << qint64(0) << 1;
    QTest::newRow("as of 2 min ago, staleTime 1 min: fetched")
        << qint64(60000) << qint64(120000) << 1;
}

void tst_QueryClient::initialData()
{
    QFETCH(qint64, staleTime);
    QFETCH(qint64, age);
    QFETCH(int, fetches);
    ManualClock clock;
    FakeBackend backend;
    QueryClient client;
    client.setClock(&clock);
    client.setDefaultQueryFn(backend.fn());
    QueryOptions options { k({ u"q"_s }) };
    options.initialData = QJsonArray { 1, 2 };
    options.staleTime = std::chrono::milliseconds(staleTime);
    if (age)
        options.initialDataUpdatedAt = clock.now() - age;
    QueryObserver observer(&client, options);
    const QueryResult r = observer.result();
    QCOMPARE(r.status, QueryStatus::Success);
    QCOMPARE(r.data, QJsonValue(QJsonArray { 1, 2 }));
    QVERIFY(!r.isPlaceholderData); // in the cache, unlike placeholder data
    QCOMPARE(client.queryData(k({ u"q"_s })), QJsonValue(QJsonArray { 1, 2 }));
    QCOMPARE(r.dataUpdatedAt, clock.now() - age);
    QCOMPARE(backend.calls.size(), fetches);
    // Existing data wins over another observer's initial data.
    QueryOptions other = options;
    other.initialData = u"other"_s;
    QueryObserver second(&client, other);
    QCOMPARE(second.result().data, QJsonValue(QJsonArray { 1, 2 }));
}

void tst_QueryClient::queriesDataReadsSeveral()
{
    QueryClient client;
    client.setQueryData(k({ u"orders"_s, 1 }), 10);
    client.setQueryData(k({ u"orders"_s, 2 }), 20);
    client.setQueryData(k({ u"drivers"_s }), 30);
    auto pairs = client.queriesData(QueryFilter::prefix(k({ u"orders"_s })));
    std::sort(pairs.begin(), pairs.end(),
        [](const auto &a, const auto &b) { return a.first.toString() < b.first.toString(); });
    QCOMPARE(pairs.size(), 2);
    QCOMPARE(pairs.at(0).first, k({ u"orders"_s, 1 }));
    QCOMPARE(pairs.at(0).second.toInt(), 10);
    QCOMPARE(pairs.at(1).second.toInt(), 20);
    QCOMPARE(client.queriesData({}).size(), 3);
}

void tst_QueryClient::receiversMayGoAwayAtAnyTime()
{
    // Destroying a receiver runs disconnectNotify under Qt's connection lock. Asking
    // isSignalConnected() there hung whenever the receiver and the client share a lock of Qt's
    // pool (about one address in a hundred): hundreds of receivers make that near certain.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    int heard = 0;
    std::vector<std::unique_ptr<QObject>> receivers;
    for (int i = 0; i < 600; ++i) {
        receivers.push_back(std::make_unique<QObject>());
        QObject *receiver = receivers.back().get();
        connect(&client, &QueryClient::cacheEvent, receiver, [&heard] { ++heard; });
        connect(&client, &QueryClient::queryUpdated, receiver, [&heard] { ++heard; });
        connect(&client, &QueryClient::queryRemoved, receiver, [&heard] { ++heard; });
    }
    receivers.clear(); // all alive at once: 600 addresses, every lock of the pool
    QCOMPARE(heard, 0);
    // With every receiver gone nothing is heard; a new one is.
    client.setQueryData(key, QJsonArray {});
    QCOMPARE(heard, 0);
    QObject late;
    QList<QueryCacheEvent> events;
    connect(&client, &QueryClient::cacheEvent, &late,
        [&events](const QueryCacheEvent &e) { events.append(e); });
    client.removeQueries(QueryFilter::exactly(key));
    QCOMPARE(events.size(), 1);
}

QTEST_GUILESS_MAIN(tst_QueryClient)
#include "tst_queryclient.moc"
