#include "query/queryclient.h"
#include "query/queryobserver.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

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
    void writeDuringFetchIsNotOverwritten();
    void setQueryDataUpdater();
    void backgroundErrorKeepsData();
    void retriesWithBackoff();
    void cancelRevertsWithoutError();
    void unobservedQueryIsCollected();
    void offlinePausesAndResumes();
    void notificationsAreCoalesced();
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
    client.setQueryData(key, [](const QJsonValue &old) -> std::optional<QJsonValue> {
        return old.toInt() + 1;
    });
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

QTEST_GUILESS_MAIN(tst_QueryClient)
#include "tst_queryclient.moc"
