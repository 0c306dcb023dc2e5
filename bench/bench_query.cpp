// Figures of the query layer on the work @tanstack/query-core's bench.mjs measures
// (shared/anchors/tanstack-query-core). Prints `BENCH <name> <value> <unit>`; asserts nothing.

#include <algorithm>
#include <memory>
#include <vector>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "models/orderstablemodel.h"
#include "query/querychangeset.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

#include <malloc.h>
#include <time.h>

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

constexpr int N = 10'000;
constexpr int Runs = 9;

QJsonObject makeRow(int i, int rev = 0)
{
    // The 20-field row of bench.mjs.
    return QJsonObject { { "id"_L1, i }, { "rev"_L1, rev }, { "sku"_L1, u"SKU-%1"_s.arg(i) },
        { "customer"_L1, u"cust-%1"_s.arg(i % 977) }, { "status"_L1, u"open"_s },
        { "qty"_L1, i % 17 }, { "price"_L1, (i % 1000) / 10.0 }, { "currency"_L1, u"EUR"_s },
        { "region"_L1, u"r%1"_s.arg(i % 8) }, { "site"_L1, u"site-%1"_s.arg(i % 31) },
        { "priority"_L1, i % 5 }, { "createdAt"_L1, 1'700'000'000'000.0 + i },
        { "updatedAt"_L1, 1'700'000'000'000.0 + i + rev }, { "owner"_L1, u"user-%1"_s.arg(i % 53) },
        { "tags"_L1, u"t%1"_s.arg(i % 3) }, { "note"_L1, u"lorem ipsum"_s },
        { "flagged"_L1, i % 11 == 0 }, { "eta"_L1, 1'700'100'000'000.0 + i },
        { "carrier"_L1, u"c%1"_s.arg(i % 6) }, { "weight"_L1, (i % 250) / 4.0 } };
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

void print(const char *name, double value, const char *unit)
{
    QTextStream(stdout) << "BENCH " << name << ' ' << Qt::fixed << qSetRealNumberPrecision(3)
                        << value << ' ' << unit << Qt::endl;
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

//! CPU time of this thread in ms: on a shared machine, what the work cost without the time
//! spent waiting for a core.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

void drain()
{
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

void benchSetQueryData()
{
    std::vector<double> inserts, updates;
    for (int r = 0; r < Runs; ++r) {
        QueryClient client;
        std::vector<QJsonObject> rows;
        for (int i = 0; i < N; ++i)
            rows.push_back(makeRow(i));
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < N; ++i)
            client.setQueryData(QueryKey { u"orders"_s, i }, rows[size_t(i)]);
        inserts.push_back(N / (ms(t) / 1000));
        for (int i = 0; i < N; ++i)
            rows[size_t(i)] = makeRow(i, 2);
        t.restart();
        for (int i = 0; i < N; ++i)
            client.setQueryData(QueryKey { u"orders"_s, i }, rows[size_t(i)]);
        updates.push_back(N / (ms(t) / 1000));
        drain();
    }
    print("setQueryData_new_keys", median(inserts), "ops/s");
    print("setQueryData_existing_keys", median(updates), "ops/s");
}

struct InvalidateSetup
{
    QueryClient client;
    std::vector<std::unique_ptr<QueryObserver>> observers;
    int calls = 0;

    InvalidateSetup()
    {
        client.setDefaultQueryFn([this](const QueryContext &ctx) {
            ++calls;
            ctx.resolve(makeRow(int(ctx.key().at(1).toInteger())));
        });
        for (int i = 0; i < N; ++i)
            client.setQueryData(QueryKey { u"orders"_s, i }, makeRow(i));
        for (int i = 0; i < N; i += 100) {
            QueryOptions o { QueryKey { u"orders"_s, i } };
            o.staleTime = QueryOptions::infinite;
            observers.push_back(std::make_unique<QueryObserver>(&client, o));
        }
        drain();
        calls = 0;
    }
};

void benchInvalidate(const char *name, const QueryFilter &filter, RefetchType type)
{
    std::vector<double> sync, settled;
    int calls = 0;
    for (int r = 0; r < Runs; ++r) {
        InvalidateSetup s;
        bool done = false;
        QElapsedTimer t;
        t.start();
        s.client.invalidateQueries(filter, type, [&done] { done = true; });
        sync.push_back(ms(t));
        while (!done)
            QCoreApplication::processEvents();
        settled.push_back(ms(t));
        calls = s.calls;
    }
    print((QByteArray(name) + "_sync").constData(), median(sync), "ms");
    print((QByteArray(name) + "_settled").constData(), median(settled), "ms");
    print((QByteArray(name) + "_fetches").constData(), calls, "calls");
}

void benchSetQueriesData()
{
    std::vector<double> times;
    for (int r = 0; r < Runs; ++r) {
        QueryClient client;
        for (int i = 0; i < N; ++i)
            client.setQueryData(QueryKey { u"orders"_s, i }, makeRow(i));
        client.setQueryData(QueryKey { u"other"_s }, 1);
        QElapsedTimer t;
        t.start();
        client.setQueriesData(QueryFilter::prefix(QueryKey { u"orders"_s }),
            [](const QJsonValue &old) -> std::optional<QJsonValue> {
                QJsonObject o = old.toObject();
                o.insert("status"_L1, u"shipped"_s);
                return o;
            });
        times.push_back(ms(t));
        drain();
    }
    print("setQueriesData_10k_prefix", median(times), "ms");
}

QJsonArray orderRows(int changed)
{
    QJsonArray rows;
    for (int i = 0; i < N; ++i) {
        Order o;
        o.id = u"ORD-%1"_s.arg(i, 5, 10, QChar(u'0'));
        o.customer = u"cust-%1"_s.arg(i % 977);
        o.region = u"r%1"_s.arg(i % 8);
        o.pickup = u"site-%1"_s.arg(i % 31);
        o.dropoff = u"Street %1"_s.arg(i);
        o.status = i == changed ? OrderStatus::Assigned : OrderStatus::New;
        o.amountCents = 1000 + i;
        o.dueAt = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000 + i * 60000LL, Qt::UTC);
        o.updatedAt = QDateTime::fromMSecsSinceEpoch(1'799'000'000'000, Qt::UTC);
        o.version = i == changed ? 2 : 1;
        rows.append(o.toJson());
    }
    return rows;
}

//! \a rows as a reply's body parses to: the representation the cache gets from the network
//! layer (keys and ASCII texts stored as Latin-1, not as the UTF-16 Order::toJson() writes).
QJsonArray asParsed(const QJsonArray &rows)
{
    return QJsonDocument::fromJson(QJsonDocument(rows).toJson(QJsonDocument::Compact)).array();
}

void benchRefetchOneChanged(bool parsed)
{
    const auto answer = [parsed](int changed) {
        return parsed ? asParsed(orderRows(changed)) : orderRows(changed);
    };
    const QByteArray name =
        parsed ? "refetch_10k_rows_1_changed_parsed_answer" : "refetch_10k_rows_1_changed";
    std::vector<double> times, cpuTimes;
    qsizetype notifications = 0;
    const QJsonArray first = answer(-1);
    for (int r = 0; r < Runs; ++r) {
        const QJsonArray second = answer(5000); // a fresh 10k-row answer, one row differs
        QueryClient client;
        bool answerSecond = false;
        client.setDefaultQueryFn(
            [&](const QueryContext &ctx) { ctx.resolve(answerSecond ? second : first); });
        const QueryKey key { u"rows"_s };
        OrdersTableModel model(&client, key);
        drain();
        qsizetype changed = 0, structural = 0;
        QObject::connect(&model, &QAbstractItemModel::dataChanged, [&changed] { ++changed; });
        QObject::connect(
            &model, &QAbstractItemModel::rowsInserted, [&structural] { ++structural; });
        QObject::connect(&model, &QAbstractItemModel::rowsRemoved, [&structural] { ++structural; });
        QObject::connect(&model, &QAbstractItemModel::modelReset, [&structural] { ++structural; });
        answerSecond = true;
        QElapsedTimer t;
        t.start();
        const double cpu = threadCpuMs();
        client.refetchQueries(QueryFilter::exactly(key));
        while (changed == 0)
            QCoreApplication::processEvents();
        times.push_back(ms(t));
        cpuTimes.push_back(threadCpuMs() - cpu);
        notifications = changed + structural;
    }
    print(name.constData(), median(times), "ms");
    print((name + "_thread_cpu").constData(), median(cpuTimes), "ms");
    print((name + "_notifications").constData(), double(notifications), "signals");
    if (parsed)
        return;
    // The part of it that is the structural comparison alone (QueryChangeSet::diff).
    std::vector<double> diffTimes;
    for (int r = 0; r < Runs; ++r) {
        const QJsonArray second = orderRows(5000);
        bool equal = false;
        QElapsedTimer t;
        t.start();
        const QueryChangeSet diff = QueryChangeSet::diff(first, second, &equal);
        diffTimes.push_back(ms(t));
        Q_ASSERT(diff.rows().size() == 1);
    }
    print("refetch_10k_rows_1_changed_diff_only", median(diffTimes), "ms");
}

void benchBytesPerQuery()
{
    // Data are small ints (stored inline in QJsonValue): what remains is the entry, its key,
    // the hash and the indexes.
    std::vector<double> sizes;
    for (int r = 0; r < 3; ++r) {
        auto client = std::make_unique<QueryClient>();
        std::vector<QueryKey> keys;
        keys.reserve(N);
        const size_t before = mallinfo2().uordblks;
        for (int i = 0; i < N; ++i)
            client->setQueryData(QueryKey { u"orders"_s, i }, QJsonValue(i));
        drain();
        const size_t after = mallinfo2().uordblks;
        sizes.push_back(double(after - before) / N);
    }
    print("bytes_per_query_excluding_data", median(sizes), "B");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Optional arguments name the benchmarks to run (a substring of the printed name each).
    const QStringList only = app.arguments().mid(1);
    const auto wanted = [&only](const QString &name) {
        return only.isEmpty()
            || std::any_of(only.begin(), only.end(),
                [&name](const QString &part) { return name.contains(part); });
    };
    if (wanted(u"setQueryData"_s))
        benchSetQueryData();
    if (wanted(u"invalidate_prefix_10k_100_active"_s))
        benchInvalidate("invalidate_prefix_10k_100_active",
            QueryFilter::prefix(QueryKey { u"orders"_s }), RefetchType::Active);
    if (wanted(u"invalidate_prefix_10k_refetch_all"_s))
        benchInvalidate("invalidate_prefix_10k_refetch_all",
            QueryFilter::prefix(QueryKey { u"orders"_s }), RefetchType::All);
    if (wanted(u"invalidate_exact_1_of_10k"_s))
        benchInvalidate("invalidate_exact_1_of_10k",
            QueryFilter::exactly(QueryKey { u"orders"_s, 500 }), RefetchType::Active);
    if (wanted(u"setQueriesData_10k_prefix"_s))
        benchSetQueriesData();
    if (wanted(u"refetch_10k_rows_1_changed"_s))
        benchRefetchOneChanged(false);
    if (wanted(u"refetch_10k_rows_1_changed_parsed_answer"_s))
        benchRefetchOneChanged(true);
    if (wanted(u"bytes_per_query_excluding_data"_s))
        benchBytesPerQuery();
    return 0;
}
