#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include "query/mutation.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Mutation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lifecycleOrder_data();
    void lifecycleOrder();
    void scopesRunSerially();
    void optimisticRecipe();
    void overlappingRollbackKeepsOtherWrites();
    void rollbackKeepsNewerServerValue();
    void serverPatchGoesUnderPendingEdits();
    void fetchUnderAnEditIsRelativeToTheServerValue();
    void concurrentMutateCalls();
    void pendingRowIdsComeFromTheLayers();
};

namespace {

QJsonObject row(int id, int version, const QString &status)
{
    return { { "id"_L1, id }, { "version"_L1, version }, { "status"_L1, status } };
}

QString statusOf(const QJsonValue &rows, int id)
{
    for (const QJsonValue &v : rows.toArray()) {
        if (v.toObject().value("id"_L1).toInt() == id)
            return v.toObject().value("status"_L1).toString();
    }
    return {};
}

//! The documented optimistic recipe, unchanged: cancel → snapshot → set → roll back → invalidate.
MutationOptions recipe(QueryClient *client, const QueryKey &key, QList<QueryContext> *server)
{
    MutationOptions o;
    o.mutationFn = [server](const QJsonValue &, const QueryContext &ctx) { server->append(ctx); };
    o.onMutate = [client, key](const QJsonValue &vars) -> QJsonValue {
        client->cancelQueries(QueryFilter::exactly(key));
        const QJsonValue previous = client->queryData(key);
        client->setQueryData(key, [vars](const QJsonValue &old) -> std::optional<QJsonValue> {
            QJsonArray rows = old.toArray();
            for (qsizetype i = 0; i < rows.size(); ++i) {
                QJsonObject r = rows.at(i).toObject();
                if (r.value("id"_L1) == vars.toObject().value("id"_L1)) {
                    r.insert("status"_L1, vars.toObject().value("status"_L1));
                    rows.replace(i, r);
                }
            }
            return rows;
        });
        return QJsonObject { { "previous"_L1, previous } };
    };
    o.onError = [client, key](const Error &, const QJsonValue &, const QJsonValue &context) {
        client->setQueryData(key, context.toObject().value("previous"_L1));
    };
    o.onSettled = [client, key](const QJsonValue &, const Error &, const QJsonValue &,
                      const QJsonValue &) { client->invalidateQueries(QueryFilter::exactly(key)); };
    return o;
}

} // namespace

void tst_Mutation::lifecycleOrder_data()
{
    QTest::addColumn<bool>("succeed");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("success") << true
                             << QStringList { u"onMutate:Pending"_s, u"fn"_s,
                                    u"onSuccess:Pending:ctx"_s, u"onSettled:Pending:ctx"_s,
                                    u"status:Success"_s };
    QTest::newRow("error") << false
                           << QStringList { u"onMutate:Pending"_s, u"fn"_s,
                                  u"onError:Pending:ctx"_s, u"onSettled:Pending:ctx"_s,
                                  u"status:Error"_s };
}

void tst_Mutation::lifecycleOrder()
{
    QFETCH(bool, succeed);
    QFETCH(QStringList, expected);
    QueryClient client;
    QStringList log;
    Mutation *self = nullptr;
    auto status = [&self] {
        return self->status() == MutationStatus::Pending ? u"Pending"_s : u"?"_s;
    };
    MutationOptions o;
    o.onMutate = [&](const QJsonValue &) -> QJsonValue {
        log.append(u"onMutate:"_s + status());
        return u"ctx"_s;
    };
    o.mutationFn = [&](const QJsonValue &, const QueryContext &ctx) {
        log.append(u"fn"_s);
        if (succeed)
            ctx.resolve(1);
        else
            ctx.reject({ ErrorKind::Conflict, u"409"_s });
    };
    o.onSuccess = [&](const QJsonValue &, const QJsonValue &, const QJsonValue &c) {
        log.append(u"onSuccess:"_s + status() + u':' + c.toString());
    };
    o.onError = [&](const Error &, const QJsonValue &, const QJsonValue &c) {
        log.append(u"onError:"_s + status() + u':' + c.toString());
    };
    o.onSettled = [&](const QJsonValue &, const Error &, const QJsonValue &, const QJsonValue &c) {
        log.append(u"onSettled:"_s + status() + u':' + c.toString());
    };
    Mutation m(&client, o);
    self = &m;
    connect(&m, &Mutation::settled, this, [&] {
        log.append(m.status() == MutationStatus::Success ? u"status:Success"_s : u"status:Error"_s);
    });
    m.mutate(1);
    QCOMPARE(log, expected);
}

void tst_Mutation::scopesRunSerially()
{
    QueryClient client;
    QList<QueryContext> server;
    MutationOptions o;
    o.scope = u"order-1"_s;
    o.mutationFn = [&server](const QJsonValue &, const QueryContext &ctx) { server.append(ctx); };
    Mutation a(&client, o);
    Mutation b(&client, o);
    a.mutate(1);
    b.mutate(2);
    QCOMPARE(server.size(), 1);
    QVERIFY(b.isPending());
    QVERIFY(b.isPaused());
    server.at(0).resolve(1);
    QTRY_COMPARE(server.size(), 2);
    QVERIFY(!b.isPaused());
    server.at(1).resolve(2);
    QCOMPARE(b.status(), MutationStatus::Success);
}

void tst_Mutation::optimisticRecipe()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<QueryContext> fetches;
    client.setDefaultQueryFn([&fetches](const QueryContext &ctx) { fetches.append(ctx); });
    QueryObserver observer(&client, { key });
    fetches.at(0).resolve(QJsonArray { row(1, 1, u"new"_s) });
    QList<QueryContext> server;
    Mutation m(&client, recipe(&client, key, &server));
    m.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"assigned"_s } });
    QCOMPARE(statusOf(client.queryData(key), 1), u"assigned"_s); // optimistic
    server.at(0).reject({ ErrorKind::Conflict, u"409"_s });
    QCOMPARE(statusOf(client.queryData(key), 1), u"new"_s); // rolled back
    QCOMPARE(m.status(), MutationStatus::Error);
    QTRY_COMPARE(fetches.size(), 2); // invalidated when settled
}

void tst_Mutation::overlappingRollbackKeepsOtherWrites()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, QJsonArray { row(1, 1, u"new"_s), row(2, 1, u"new"_s) });
    QList<QueryContext> server;
    Mutation a(&client, recipe(&client, key, &server));
    Mutation b(&client, recipe(&client, key, &server));
    a.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"assigned"_s } });
    b.mutate(QJsonObject { { "id"_L1, 2 }, { "status"_L1, u"cancelled"_s } });
    server.at(0).reject({ ErrorKind::Conflict, u"409"_s }); // A fails while B is pending
    // The naive port writes A's snapshot back, which predates B's write (#5968).
    QCOMPARE(statusOf(client.queryData(key), 1), u"new"_s);
    QCOMPARE(statusOf(client.queryData(key), 2), u"cancelled"_s);
}

void tst_Mutation::rollbackKeepsNewerServerValue()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, QJsonArray { row(1, 1, u"new"_s) });
    QList<QueryContext> server;
    Mutation a(&client, recipe(&client, key, &server));
    a.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"assigned"_s } });
    // Meanwhile a newer server value arrives (e.g. pushed by the realtime layer).
    client.setQueryData(key, QJsonArray { row(1, 5, u"delivered"_s) });
    server.at(0).reject({ ErrorKind::Conflict, u"409"_s });
    QCOMPARE(statusOf(client.queryData(key), 1), u"delivered"_s); // not the stale snapshot
}

void tst_Mutation::serverPatchGoesUnderPendingEdits()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, QJsonArray { row(1, 1, u"new"_s), row(2, 1, u"new"_s) });
    QList<QueryContext> server;
    Mutation a(&client, recipe(&client, key, &server));
    a.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"cancelled"_s } });
    // A pushed change of row 2 arrives while row 1's edit is pending. Patched from the shown
    // value, it would write row 1's pending "cancelled" into the server's value.
    const auto setStatus = [](int id, int version, const QString &status) {
        return [=](const QJsonValue &old) -> std::optional<QJsonValue> {
            QJsonArray rows = old.toArray();
            for (qsizetype i = 0; i < rows.size(); ++i) {
                if (rows.at(i).toObject().value("id"_L1).toInt() == id)
                    rows.replace(i, row(id, version, status));
            }
            return rows;
        };
    };
    QVERIFY(client.patchServerData(key, setStatus(2, 2, u"assigned"_s)));
    QCOMPARE(statusOf(client.queryData(key), 1), u"cancelled"_s); // still shown pending
    QCOMPARE(statusOf(client.queryData(key), 2), u"assigned"_s);
    server.at(0).reject({ ErrorKind::Conflict, u"409"_s });
    QCOMPARE(statusOf(client.queryData(key), 1), u"new"_s); // the rollback still works
    QCOMPARE(statusOf(client.queryData(key), 2), u"assigned"_s); // and the push stays

    // A pushed newer version of the very row being edited wins over the pending edit.
    Mutation b(&client, recipe(&client, key, &server));
    b.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"cancelled"_s } });
    QVERIFY(client.patchServerData(key, setStatus(1, 3, u"assigned"_s)));
    QCOMPARE(statusOf(client.queryData(key), 1), u"assigned"_s);
    // Nothing to patch: no write, no key created.
    QVERIFY(!client.patchServerData(key, [](const QJsonValue &) { return std::nullopt; }));
    QVERIFY(!client.patchServerData(QueryKey { u"nothing"_s },
        [](const QJsonValue &v) { return std::optional<QJsonValue>(v); }));
    QVERIFY(!client.contains(QueryKey { u"nothing"_s }));
}

void tst_Mutation::fetchUnderAnEditIsRelativeToTheServerValue()
{
    // A refetch starts while an edit is pending (the orders list after a reconnect, say) and
    // the server answers "not modified" after the edit failed: the rows are the server's.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    QList<QueryContext> fetches;
    client.setDefaultQueryFn([&fetches](const QueryContext &ctx) { fetches.append(ctx); });
    QueryObserver observer(&client, { key });
    fetches.at(0).resolve(QJsonArray { row(1, 1, u"new"_s) });
    MutationOptions o;
    QList<QueryContext> server;
    o.mutationFn = [&server](const QJsonValue &, const QueryContext &ctx) { server.append(ctx); };
    o.onMutate = [&client, key](const QJsonValue &) -> QJsonValue {
        client.setQueryData(key, QJsonArray { row(1, 1, u"assigned"_s) });
        return {};
    };
    o.onError = [&client, key](const Error &, const QJsonValue &, const QJsonValue &) {
        client.setQueryData(key, client.queryData(key)); // drops this run's layer
    };
    Mutation m(&client, o);
    m.mutate({});
    client.invalidateQueries(QueryFilter::exactly(key));
    QTRY_COMPARE(fetches.size(), 2);
    QCOMPARE(statusOf(fetches.at(1).previousData(), 1), u"new"_s); // not the pending edit
    server.at(0).reject({ ErrorKind::Forbidden, u"403"_s });
    QCOMPARE(statusOf(client.queryData(key), 1), u"new"_s);
    fetches.at(1).resolveNotModified();
    QCOMPARE(statusOf(client.queryData(key), 1), u"new"_s);
}

void tst_Mutation::concurrentMutateCalls()
{
    // One Mutation, three mutate() calls in flight at once (query-core's mutation cache): each
    // keeps its own variables and context, and a failure rolls back only its own write.
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(
        key, QJsonArray { row(1, 1, u"new"_s), row(2, 1, u"new"_s), row(3, 1, u"new"_s) });
    QList<QueryContext> server;
    QStringList settled;
    MutationOptions o = recipe(&client, key, &server);
    o.onSettled = [&settled](const QJsonValue &, const Error &e, const QJsonValue &vars,
                      const QJsonValue &) {
        settled.append(u"%1:%2"_s.arg(vars.toObject().value("id"_L1).toInt()).arg(e.ok()));
    };
    Mutation m(&client, o);
    QSignalSpy done(&m, &Mutation::settled);
    const quint64 a = m.mutate(QJsonObject { { "id"_L1, 1 }, { "status"_L1, u"assigned"_s } });
    const quint64 b = m.mutate(QJsonObject { { "id"_L1, 2 }, { "status"_L1, u"assigned"_s } });
    m.mutate(QJsonObject { { "id"_L1, 3 }, { "status"_L1, u"cancelled"_s } });
    QVERIFY(a != b);
    QCOMPARE(server.size(), 3);
    QCOMPARE(m.pendingCount(), 3);
    QCOMPARE(client.mutatingCount(), 3);
    QCOMPARE(m.variables().toObject().value("id"_L1).toInt(), 3); // the latest run
    server.at(1).reject({ ErrorKind::Conflict, u"409"_s }); // the second one fails
    QCOMPARE(statusOf(client.queryData(key), 1), u"assigned"_s);
    QCOMPARE(statusOf(client.queryData(key), 2), u"new"_s); // only its write rolled back
    QCOMPARE(statusOf(client.queryData(key), 3), u"cancelled"_s);
    QCOMPARE(m.status(), MutationStatus::Pending); // the latest run is still pending
    server.at(0).resolve(1);
    server.at(2).resolve(3);
    QCOMPARE(settled, (QStringList { u"2:0"_s, u"1:1"_s, u"3:1"_s }));
    QCOMPARE(done.size(), 3);
    QCOMPARE(done.at(0).at(0).toULongLong(), b);
    QCOMPARE(m.status(), MutationStatus::Success);
    QCOMPARE(m.pendingCount(), 0);
    QCOMPARE(client.mutatingCount(), 0);
}

void tst_Mutation::pendingRowIdsComeFromTheLayers()
{
    QueryClient client;
    const QueryKey key { u"orders"_s };
    client.setQueryData(key, QJsonArray { row(1, 1, u"new"_s), row(2, 1, u"new"_s) });
    QueryOptions options { key };
    options.staleTime = QueryOptions::infinite;
    options.versionedRows = true; // an optimistic write keeps the version: still seen
    QueryObserver observer(&client, options);
    QList<QueryContext> server;
    MutationOptions o = recipe(&client, key, &server);
    o.onSettled = {};
    Mutation m(&client, o);
    QueryChangeSet seen;
    connect(&observer, &QueryObserver::resultChanged, this, [&] { seen = observer.changes(); });
    m.mutate(QJsonObject { { "id"_L1, 2 }, { "status"_L1, u"assigned"_s } });
    QCOMPARE(observer.pendingRowIds(), QSet<QString> { u"2"_s });
    QTRY_COMPARE(seen.ids(QueryChangeSet::Kind::Changed), QStringList { u"2"_s });
    QSignalSpy changed(&observer, &QueryObserver::resultChanged);
    server.at(0).resolve(QJsonObject {}); // confirmed: no longer pending, and observers hear it
    QVERIFY(observer.pendingRowIds().isEmpty());
    QTRY_VERIFY(!changed.isEmpty());
}

QTEST_GUILESS_MAIN(tst_Mutation)
#include "tst_mutation.moc"
