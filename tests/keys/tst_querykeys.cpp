// The app's query keys against the real opsboard-server: each named key is a resource the server
// answers, fetched through the REST query function the app uses.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "api/apiclient.h"
#include "keys/querykeys.h"
#include "query/queryclient.h"
#include "serverprocess.h"
#include "sync/restqueryfn.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_QueryKeys : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void prefixesCoverTheirKeys();
    void everyKeyIsServed();

private:
    //! Fetches \a key once; the settled state.
    QueryState fetch(const QueryKey &key);

    std::unique_ptr<ServerProcess> m_server;
    ApiClient m_api;
    QueryClient m_queries;
};

void tst_QueryKeys::initTestCase()
{
    m_server = std::make_unique<ServerProcess>(QString::fromUtf8(OPS_SERVER_BINARY));
    QVERIFY2(
        m_server->start(0, { u"--demo"_s, u"--no-sim"_s }), qPrintable(m_server->errorString()));
    m_api.setBaseUrl(m_server->baseUrl());
    m_api.setToken(u"demo-manager"_s);
    m_queries.setDefaultQueryFn(restQueryFn(&m_api));
    m_queries.setRetryPolicy({ 0, 20ms, 200ms });
}

QueryState tst_QueryKeys::fetch(const QueryKey &key)
{
    std::optional<QueryState> settled;
    m_queries.fetchQuery(key, {}, [&settled](const QueryState &state) { settled = state; });
    if (!QTest::qWaitFor([&settled] { return settled.has_value(); }, 10000))
        return {};
    return *settled;
}

void tst_QueryKeys::prefixesCoverTheirKeys()
{
    // Invalidating a prefix reaches the keys under it (what the event map and the actions rely
    // on); the list key does not reach another resource.
    const QString id = u"ORD-00001"_s;
    QVERIFY(QueryKeys::order(id).matches(QueryKeys::orders()));
    QVERIFY(QueryKeys::orderHistory(id).matches(QueryKeys::order(id)));
    // An order.updated (an ETA, a new driver) reaches the candidates through ["orders", id].
    QVERIFY(QueryKeys::orderCandidates(id).matches(QueryKeys::order(id)));
    QVERIFY(QueryKeys::driver(u"DRV-001"_s).matches(QueryKeys::drivers()));
    QVERIFY(QueryKeys::driverTrail(u"DRV-001"_s).matches(QueryKeys::driver(u"DRV-001"_s)));
    QVERIFY(!QueryKeys::driverTrail(u"DRV-001"_s).matches(QueryKeys::driver(u"DRV-002"_s)));
    QVERIFY(QueryKeys::kpiTimeline().matches(QueryKeys::kpis()));
    QVERIFY(QueryKeys::recentEvents().matches(QueryKeys::events()));
    QVERIFY(QueryKeys::alertInbox().matches(QueryKeys::alerts()));
    QVERIFY(!QueryKeys::alertRules().matches(QueryKeys::alerts()));
    QVERIFY(QueryKeys::paymentsOf(id).matches(QueryKeys::payments()));
    QVERIFY(!QueryKeys::paymentsOf(id).matches(QueryKeys::orders()));
    QVERIFY(!QueryKeys::drivers().matches(QueryKeys::orders()));
    QVERIFY(QueryKeys::all(id).contains(QueryKeys::orderHistory(id)));
}

void tst_QueryKeys::everyKeyIsServed()
{
    const QueryState orders = fetch(QueryKeys::orders());
    QVERIFY2(orders.isSuccess(), qPrintable(orders.error.message));
    const QString order = orders.data.toArray().first().toObject().value("id"_L1).toString();
    QString open; // candidates are only for an open order
    for (const QJsonValue &row : orders.data.toArray()) {
        const QString status = row.toObject().value("status"_L1).toString();
        if (status == "new"_L1 || status == "assigned"_L1) {
            open = row.toObject().value("id"_L1).toString();
            break;
        }
    }
    const QueryState drivers = fetch(QueryKeys::drivers());
    QVERIFY2(drivers.isSuccess(), qPrintable(drivers.error.message));
    const QString driver = drivers.data.toArray().first().toObject().value("id"_L1).toString();
    QVERIFY(!order.isEmpty() && !driver.isEmpty() && !open.isEmpty());

    const QList<std::pair<QueryKey, bool>> keys { // key, answer is a list
        { QueryKeys::order(order), false }, { QueryKeys::orderHistory(order), true },
        { QueryKeys::driver(driver), false }, { QueryKeys::driverHistory(driver), true },
        { QueryKeys::driverTrail(driver), false }, { QueryKeys::kpis(), false },
        { QueryKeys::kpiTimeline(), true }, { QueryKeys::recentEvents(), true },
        { QueryKeys::alertInbox(), true }, { QueryKeys::alertRules(), true },
        { QueryKeys::paymentsOf(order), true }, { QueryKeys::orderCandidates(open), true }
    };
    // Every named key is tried: the two lists above plus these.
    QCOMPARE(keys.size() + 2, QueryKeys::all(order).size());
    for (const auto &[key, list] : keys) {
        const QueryState state = fetch(key);
        QVERIFY2(state.isSuccess(), qPrintable(key.toString() + u": "_s + state.error.message));
        QVERIFY2(list ? state.data.isArray() : state.data.isObject(), qPrintable(key.toString()));
    }
}

QTEST_GUILESS_MAIN(tst_QueryKeys)
#include "tst_querykeys.moc"
