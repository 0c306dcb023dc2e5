#include <optional>

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

Q_DECLARE_METATYPE(Ops::RefetchOn)

class tst_QueryObserver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void triggers_data();
    void triggers();
    void conditionalPolling();
    void pollingPausesInBackground();
    void enabledGatesFetching();
    void selectIsMemoised();
    void placeholderAndPreviousData();
    void changeSetOfOneRow();
    void patchedRowsAreTheChangeSet();
    void rowsCompareAsJson();
    void rowWithoutIdEndsRowDiffs();
    void selectNotifiesOnlyWhenItsSliceChanges();
    void trackedPropsAreChosen();
    void pollingOnAManualClock();
};

namespace {

struct Counter
{
    int calls = 0;
    QList<QueryContext> pending;
    QueryFn fn()
    {
        return [this](const QueryContext &ctx) {
            ++calls;
            pending.append(ctx);
        };
    }
};

} // namespace

void tst_QueryObserver::triggers_data()
{
    QTest::addColumn<QString>("trigger");
    QTest::addColumn<RefetchOn>("when");
    QTest::addColumn<bool>("stale");
    QTest::addColumn<bool>("fetches");
    for (const QString &t : { u"mount"_s, u"focus"_s, u"reconnect"_s }) {
        QTest::addRow("%s stale", qPrintable(t)) << t << RefetchOn::IfStale << true << true;
        QTest::addRow("%s fresh", qPrintable(t)) << t << RefetchOn::IfStale << false << false;
        QTest::addRow("%s always fresh", qPrintable(t)) << t << RefetchOn::Always << false << true;
        QTest::addRow("%s never stale", qPrintable(t)) << t << RefetchOn::Never << true << false;
    }
}

void tst_QueryObserver::triggers()
{
    QFETCH(QString, trigger);
    QFETCH(RefetchOn, when);
    QFETCH(bool, stale);
    QFETCH(bool, fetches);
    Counter backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    const QueryKey key { u"q"_s };
    client.setQueryData(key, 1);
    QueryOptions options { key };
    options.staleTime = stale ? 0ms : 1h;
    options.refetchOnMount = options.refetchOnWindowFocus = options.refetchOnReconnect =
        RefetchOn::Never;
    if (trigger == u"mount")
        options.refetchOnMount = when;
    else if (trigger == u"focus")
        options.refetchOnWindowFocus = when;
    else
        options.refetchOnReconnect = when;
    client.setFocused(false);
    client.setOnline(false);
    QueryObserver observer(&client, options);
    client.setOnline(true);
    client.setFocused(true);
    QCOMPARE(backend.calls, fetches ? 1 : 0);
}

void tst_QueryObserver::conditionalPolling()
{
    Counter backend;
    QueryClient client;
    QueryOptions options { QueryKey { u"q"_s } };
    options.fn = backend.fn();
    // Poll every 5 ms until the data says "done" (the fallback without a live connection).
    options.refetchIntervalFn = [](const QueryState &s) {
        return s.data.toString() == u"done"_s ? 0ms : 5ms;
    };
    QueryObserver observer(&client, options);
    backend.pending.at(0).resolve(u"working"_s);
    QTRY_VERIFY(backend.calls >= 2);
    QSignalSpy changed(&observer, &QueryObserver::resultChanged);
    backend.pending.last().resolve(u"done"_s);
    QTRY_COMPARE(observer.result().data.toString(), u"done"_s);
    QTRY_VERIFY(!changed.isEmpty());
    changed.clear();
    const int calls = backend.calls;
    QVERIFY(!changed.wait(60)); // polling stopped
    QCOMPARE(backend.calls, calls);
}

void tst_QueryObserver::pollingPausesInBackground()
{
    for (const bool background : { false, true }) {
        Counter backend;
        QueryClient client;
        client.setFocused(false);
        QueryOptions options { QueryKey { u"q"_s } };
        options.fn = [&backend](const QueryContext &ctx) {
            ++backend.calls;
            ctx.resolve(backend.calls);
        };
        options.refetchInterval = 5ms;
        options.refetchIntervalInBackground = background;
        QueryObserver observer(&client, options);
        QCOMPARE(backend.calls, 1);
        if (background) {
            QTRY_VERIFY(backend.calls > 2);
        } else {
            QSignalSpy never(&client, &QueryClient::queryRemoved);
            QVERIFY(!never.wait(60)); // several intervals elapse unfocused
            QCOMPARE(backend.calls, 1);
        }
    }
}

void tst_QueryObserver::enabledGatesFetching()
{
    Counter backend;
    QueryClient client;
    QueryOptions options { QueryKey { u"q"_s } };
    options.fn = backend.fn();
    options.enabled = false;
    QueryObserver observer(&client, options);
    QCOMPARE(backend.calls, 0);
    QCOMPARE(observer.result().fetchStatus, FetchStatus::Idle);
    QVERIFY(!client.isActive(options.key));
    observer.setEnabled(true);
    QCOMPARE(backend.calls, 1);
    QVERIFY(client.isActive(options.key));
}

void tst_QueryObserver::selectIsMemoised()
{
    QueryClient client;
    int selects = 0;
    QueryOptions options { QueryKey { u"q"_s } };
    options.staleTime = QueryOptions::infinite;
    options.select = [&selects](const QJsonValue &v) {
        ++selects;
        return QJsonValue(v.toArray().size());
    };
    client.setQueryData(options.key, QJsonArray { 1, 2, 3 });
    QueryObserver observer(&client, options);
    QCOMPARE(observer.result().data.toInt(), 3);
    QCOMPARE(observer.result().data.toInt(), 3);
    QCOMPARE(selects, 1);
    QCOMPARE(client.queryData(options.key).toArray().size(), 3); // the cache keeps the raw value
    client.setQueryData(options.key, QJsonArray { 1 });
    QCOMPARE(observer.result().data.toInt(), 1);
    QCOMPARE(selects, 2);
}

void tst_QueryObserver::placeholderAndPreviousData()
{
    Counter backend;
    QueryClient client;
    client.setDefaultQueryFn(backend.fn());
    QueryOptions options { QueryKey { u"page"_s, 1 } };
    options.placeholderData = u"skeleton"_s;
    QueryObserver observer(&client, options);
    QueryResult r = observer.result();
    QVERIFY(r.isPlaceholderData);
    QCOMPARE(r.status, QueryStatus::Success);
    QCOMPARE(r.data.toString(), u"skeleton"_s);
    backend.pending.at(0).resolve(u"page 1"_s);
    QVERIFY(!observer.result().isPlaceholderData);

    QueryOptions next { QueryKey { u"page"_s, 2 } };
    next.keepPreviousData = true;
    observer.setOptions(next);
    r = observer.result();
    QVERIFY(r.isPlaceholderData);
    QCOMPARE(r.data.toString(), u"page 1"_s);
    QVERIFY(r.isFetching());
    backend.pending.at(1).resolve(u"page 2"_s);
    QTRY_VERIFY(!observer.result().isPlaceholderData);
    QCOMPARE(observer.result().data.toString(), u"page 2"_s);
}

void tst_QueryObserver::changeSetOfOneRow()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QJsonArray rows;
    for (int i = 0; i < 1000; ++i)
        rows.append(QJsonObject { { "id"_L1, i }, { "version"_L1, 1 }, { "status"_L1, u"new"_s } });
    client.setQueryData(key, rows);
    QueryOptions options { key };
    options.staleTime = QueryOptions::infinite;
    QueryObserver observer(&client, options);
    QueryChangeSet seen;
    connect(&observer, &QueryObserver::resultChanged, this, [&] { seen = observer.changes(); });
    rows.replace(
        500, QJsonObject { { "id"_L1, 500 }, { "version"_L1, 2 }, { "status"_L1, u"late"_s } });
    rows.removeAt(10);
    rows.append(QJsonObject { { "id"_L1, 5000 }, { "version"_L1, 1 }, { "status"_L1, u"new"_s } });
    client.setQueryData(key, rows);
    QTRY_VERIFY(seen.isRowDiff());
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Changed), QStringList { u"500"_s });
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Removed), QStringList { u"10"_s });
    QCOMPARE(seen.ids(QueryChangeSet::Kind::Inserted), QStringList { u"5000"_s });
    for (const auto &row : seen.rows()) {
        if (row.kind == QueryChangeSet::Kind::Changed)
            QCOMPARE(row.fields, (QStringList { u"status"_s, u"version"_s }));
    }
    // An equal refetch is shared: no change, the cached value stays.
    const qint64 before = client.state(key).dataUpdatedAt;
    client.setQueryData(key, rows);
    QTRY_VERIFY(seen.isEmpty());
    QVERIFY(client.state(key).dataUpdatedAt >= before);
}

void tst_QueryObserver::patchedRowsAreTheChangeSet()
{
    // A pushed change of some rows of a list (QueryClient::patchServerRows): observers read the
    // rows the edit changed, nothing else, and the list is edited where it is.
    QueryClient client;
    const QueryKey key { u"drivers"_s };
    const auto driver = [](int id, int version, const QString &status) {
        return QJsonObject { { "id"_L1, id }, { "version"_L1, version }, { "status"_L1, status } };
    };
    QJsonArray rows;
    for (int i = 0; i < 1000; ++i)
        rows.append(driver(i, 1, u"idle"_s));
    client.setQueryData(key, rows);
    QueryOptions options { key };
    options.staleTime = QueryOptions::infinite;
    QueryObserver observer(&client, options);
    std::optional<QueryChangeSet> seen;
    connect(&observer, &QueryObserver::resultChanged, this, [&] { seen = observer.changes(); });
    const QJsonObject busy { { "status"_L1, u"busy"_s } };
    QVERIFY(client.patchServerRows(key, [&](RowList &list) {
        return list.patch(u"7"_s, 2, busy) && list.upsertNewer(driver(1000, 1, u"idle"_s))
            && list.remove(u"3"_s);
    }));
    QTRY_VERIFY(seen.has_value());
    QVERIFY(seen->isRowDiff());
    QCOMPARE(seen->ids(QueryChangeSet::Kind::Changed), QStringList { u"7"_s });
    QCOMPARE(seen->ids(QueryChangeSet::Kind::Inserted), QStringList { u"1000"_s });
    QCOMPARE(seen->ids(QueryChangeSet::Kind::Removed), QStringList { u"3"_s });
    QCOMPARE(seen->rows().size(), 3);
    rows.replace(7, driver(7, 2, u"busy"_s));
    rows.append(driver(1000, 1, u"idle"_s));
    rows.removeAt(3);
    QCOMPARE(client.queryData(key).toArray(), rows);

    // A patch that changes nothing (an old version) writes nothing and tells nobody.
    seen.reset();
    const quint64 gen = client.state(key).dataUpdatedAt;
    QVERIFY(
        !client.patchServerRows(key, [&](RowList &list) { return list.patch(u"7"_s, 1, busy); }));
    QCOMPARE(client.queryData(key).toArray(), rows);
    QCOMPARE(client.state(key).dataUpdatedAt, gen);

    // The list the patch kept (with its id index) is not used once the value was replaced.
    client.setQueryData(key, QJsonArray { driver(50, 1, u"idle"_s), driver(7, 5, u"idle"_s) });
    QVERIFY(
        client.patchServerRows(key, [&](RowList &list) { return list.patch(u"7"_s, 6, busy); }));
    QCOMPARE(client.queryData(key).toArray(),
        (QJsonArray { driver(50, 1, u"idle"_s), driver(7, 6, u"busy"_s) }));

    // Not a list: no edit, no write.
    const QueryKey one { u"driver"_s, 7 };
    client.setQueryData(one, driver(7, 1, u"idle"_s));
    bool called = false;
    QVERIFY(!client.patchServerRows(one, [&](RowList &) { return called = true; }));
    QVERIFY(!called);
    QVERIFY(!client.patchServerRows(QueryKey { u"nothing"_s }, [](RowList &) { return true; }));
}

void tst_QueryObserver::rowsCompareAsJson()
{
    // 1 and 1.0 are one JSON number (their CBOR forms differ): still no change.
    QueryClient client;
    const QueryKey key { u"rows"_s };
    auto rows = [](const QJsonValue &n) {
        return QJsonArray { QJsonObject { { "id"_L1, u"a"_s }, { "n"_L1, n } },
            QJsonObject { { "id"_L1, u"b"_s }, { "n"_L1, 2 } } };
    };
    client.setQueryData(key, rows(1));
    QueryOptions options { key };
    options.staleTime = QueryOptions::infinite;
    QueryObserver observer(&client, options);
    int changes = -1;
    connect(&observer, &QueryObserver::resultChanged, this,
        [&] { changes = int(observer.changes().rows().size()); });
    client.setQueryData(key, rows(1.0));
    QTRY_COMPARE(changes, 0);
    client.setQueryData(key, rows(1.5));
    QTRY_COMPARE(changes, 1);
}

void tst_QueryObserver::rowWithoutIdEndsRowDiffs()
{
    // The cache remembers that its value is a row list, so equal rows skip the id check on the
    // next refetch. Once a row without an id came in, that must no longer hold: an equal copy of
    // that row later is still not a row.
    QueryClient client;
    const QueryKey key { u"rows"_s };
    const QJsonObject one { { "id"_L1, 1 }, { "n"_L1, 1 } };
    const QJsonObject anonymous { { "n"_L1, 2 } };
    const QJsonObject three { { "id"_L1, 3 }, { "n"_L1, 3 } };
    QueryOptions options { key };
    options.staleTime = QueryOptions::infinite;
    QueryObserver observer(&client, options);
    std::optional<QueryChangeSet> seen;
    connect(&observer, &QueryObserver::resultChanged, this, [&] {
        if (observer.result().data.isArray())
            seen = observer.changes();
    });
    client.setQueryData(key, QJsonArray { one });
    QTRY_VERIFY(seen.has_value());
    seen.reset();
    client.setQueryData(key, QJsonArray { one, three });
    QTRY_VERIFY(seen.has_value());
    QVERIFY(seen->isRowDiff());
    seen.reset();
    client.setQueryData(key, QJsonArray { one, anonymous });
    QTRY_VERIFY(seen.has_value());
    QVERIFY(!seen->isRowDiff());
    seen.reset();
    client.setQueryData(key, QJsonArray { one, anonymous, three });
    QTRY_VERIFY(seen.has_value());
    QVERIFY(!seen->isRowDiff());
}

void tst_QueryObserver::selectNotifiesOnlyWhenItsSliceChanges()
{
    // query-core notifies only on tracked changes: an observer showing a slice of the data is
    // not told about other parts of it, nor about a refetch that leaves its slice as it was.
    QueryClient client;
    const QueryKey key { u"kpis"_s };
    auto kpis = [](int late, int open) {
        return QJsonObject { { "late"_L1, late }, { "open"_L1, open } };
    };
    Counter backend;
    client.setDefaultQueryFn(backend.fn());
    QueryOptions options { key };
    options.select = [](const QJsonValue &v) { return v.toObject().value("late"_L1); };
    QueryObserver observer(&client, options);
    backend.pending.takeFirst().resolve(kpis(1, 10));
    QTRY_COMPARE(observer.result().data.toInt(), 1);
    QCoreApplication::processEvents();
    QSignalSpy changed(&observer, &QueryObserver::resultChanged);
    client.setQueryData(key, kpis(1, 11)); // another part of the data
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(changed.size(), 0);
    observer.refetch(); // fetch start and an answer that changes nothing it selects
    QCoreApplication::processEvents();
    backend.pending.takeFirst().resolve(kpis(1, 12));
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(changed.size(), 0);
    client.setQueryData(key, kpis(2, 12)); // its slice
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(observer.result().data.toInt(), 2);
}

void tst_QueryObserver::trackedPropsAreChosen()
{
    // Asked for explicitly, fetch status is tracked too.
    QueryClient client;
    const QueryKey key { u"kpis"_s };
    Counter backend;
    client.setDefaultQueryFn(backend.fn());
    client.setQueryData(key, QJsonObject { { "late"_L1, 1 } });
    QueryOptions tracking { key };
    tracking.select = [](const QJsonValue &v) { return v.toObject().value("late"_L1); };
    tracking.staleTime = QueryOptions::infinite;
    tracking.notifyOnChangeProps =
        QueryOptions::ResultProp::Data | QueryOptions::ResultProp::FetchStatus;
    QueryObserver fetching(&client, tracking);
    QSignalSpy fetchChanged(&fetching, &QueryObserver::resultChanged);
    fetching.refetch();
    QTRY_COMPARE(fetchChanged.size(), 1);
    QVERIFY(fetching.result().isFetching());
}

void tst_QueryObserver::pollingOnAManualClock()
{
    ManualClock clock;
    QueryClient client;
    client.setClock(&clock);
    int calls = 0;
    QueryOptions options { QueryKey { u"q"_s } };
    options.fn = [&calls](const QueryContext &ctx) { ctx.resolve(++calls); };
    options.refetchInterval = 10s;
    QueryObserver observer(&client, options);
    QCOMPARE(calls, 1);
    clock.advance(9999ms);
    QCOMPARE(calls, 1);
    clock.advance(1ms);
    QCOMPARE(calls, 2);
    clock.advance(30s);
    QCOMPARE(calls, 5);
    client.setFocused(false); // not in the background unless asked
    clock.advance(30s);
    QCOMPARE(calls, 5);
    observer.setEnabled(false);
    client.setFocused(true);
    clock.advance(30s);
    QCOMPARE(calls, 5);
}

QTEST_GUILESS_MAIN(tst_QueryObserver)
#include "tst_queryobserver.moc"
