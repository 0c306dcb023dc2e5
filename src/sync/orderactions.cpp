#include "orderactions.h"

#include <memory>

#include <QJsonArray>

#include "api/apiclient.h"
#include "api/ordersapi.h"
#include "core/logging.h"
#include "keys/querykeys.h"
#include "query/mutation.h"
#include "query/queryclient.h"
#include "query/rowlist.h"
#include "realtime/connectionmanager.h"
#include "sendrequest.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The message for a failed call: the server's own words when it sent them.
QString messageOf(const ApiResult &result)
{
    const QString server = result.json.toObject().value("message"_L1).toString();
    return server.isEmpty() ? result.error.message : server;
}

//! The field a refusal is about (`"field"` of a 400), empty when it names none.
QString fieldOf(const ApiResult &result)
{
    return result.json.toObject().value("field"_L1).toString();
}

//! The per-order results of a bulk answer (`{"results": [{id, ok, error, message, order}]}`);
//! the orders the server sent go to \a rows. Returns how many failed.
int readResults(const QJsonValue &json, QList<OrderActionResult> *results, QList<QJsonObject> *rows)
{
    int failed = 0;
    const QJsonArray answers = json.toObject().value("results"_L1).toArray();
    for (const QJsonValue &v : answers) {
        const QJsonObject a = v.toObject();
        OrderActionResult r { a.value("id"_L1).toString(), a.value("ok"_L1).toBool(),
            a.value("error"_L1).toString(), a.value("message"_L1).toString() };
        failed += r.ok ? 0 : 1;
        results->append(r);
        if (const QJsonObject order = a.value("order"_L1).toObject(); !order.isEmpty())
            rows->append(order);
    }
    return failed;
}

//! Sends the change of one order; a 409 leaves the server's current row in \a conflict.
void sendOrderChange(const QPointer<ApiClient> &api, const ApiRequest &request,
    const QueryContext &context, const std::shared_ptr<QJsonObject> &conflict)
{
    sendRequest(api, request, context, [context, conflict](const ApiResult &result) {
        if (result.ok()) {
            context.resolve(result.json);
            return;
        }
        if (result.error.kind == ErrorKind::Conflict)
            *conflict = result.json.toObject().value("current"_L1).toObject();
        context.reject({ result.error.kind, messageOf(result) });
    });
}

//! \a ids changed to \a status in a list value (written as an optimistic layer: the query
//! layer knows these rows are pending, QueryObserver::pendingRowIds).
QJsonValue withStatus(const QJsonValue &old, const QSet<QString> &ids, OrderStatus status)
{
    QJsonArray rows = old.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QJsonObject row = rows.at(i).toObject();
        if (!ids.contains(RowList::idOf(row)))
            continue;
        row.insert("status"_L1, toString(status));
        rows.replace(i, row);
    }
    return rows;
}

//! \a id given to \a driverId (and moved to \a status) in a list value (an optimistic layer).
QJsonValue withDriver(const QJsonValue &old, const QString &id, const QString &driverId,
    std::optional<OrderStatus> status)
{
    QJsonArray rows = old.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QJsonObject row = rows.at(i).toObject();
        if (RowList::idOf(row) != id)
            continue;
        row.insert("driverId"_L1,
            driverId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(driverId));
        if (status)
            row.insert("status"_L1, toString(*status));
        rows.replace(i, row);
    }
    return rows;
}

} // namespace

OrderActions::OrderActions(
    QueryClient *queries, ApiClient *api, ConnectionManager *connection, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_api(api)
    , m_connection(connection)
{
    connect(
        connection, &ConnectionManager::stateChanged, this, [this](ConnectionManager::State state) {
            Q_EMIT availableChanged(state == ConnectionManager::State::Live);
        });
}

OrderActions::~OrderActions() = default;

bool OrderActions::isAvailable() const
{
    return m_connection->isLive() && m_api;
}

QJsonObject OrderActions::cachedOrder(const QString &id) const
{
    return RowList(m_queries->queryData(QueryKeys::orders()).toArray()).row(id);
}

bool OrderActions::setStatus(const QString &id, OrderStatus status)
{
    return setStatus(id, status, QString());
}

bool OrderActions::setStatus(const QString &id, OrderStatus status, qint64 expectedVersion)
{
    return start(id, status, expectedVersion, {});
}

bool OrderActions::setStatus(const QString &id, OrderStatus status, const QString &reason)
{
    const QJsonObject row = cachedOrder(id);
    if (row.isEmpty())
        return false;
    return start(id, status, row.value("version"_L1).toInteger(), reason);
}

bool OrderActions::setStatus(
    const QString &id, OrderStatus status, qint64 expectedVersion, const QString &reason)
{
    return start(id, status, expectedVersion, reason);
}

bool OrderActions::start(
    const QString &id, OrderStatus status, qint64 expectedVersion, const QString &reason)
{
    if (!isAvailable()) {
        qCInfo(lcSync) << "status change of" << id << "refused: not live";
        return false;
    }
    QJsonObject yours = cachedOrder(id);
    if (yours.isEmpty())
        return false;
    yours.insert("status"_L1, toString(status));
    yours.insert("version"_L1, expectedVersion);
    if (!reason.isEmpty())
        yours.insert("reason"_L1, reason); // a retry on the current version gives it again

    const QueryKey key = QueryKeys::orders();
    auto conflict = std::make_shared<QJsonObject>();
    QPointer<ApiClient> api = m_api;
    MutationOptions o;
    o.scope = u"order:"_s + id;
    o.onMutate = [this, key, id, status](const QJsonValue &) -> QJsonValue {
        m_queries->setQueryData(key, [id, status](const QJsonValue &old) {
            return std::optional<QJsonValue>(withStatus(old, { id }, status));
        });
        return {};
    };
    o.mutationFn = [api, request = OrdersApi::setStatus(id, status, expectedVersion, reason),
                       conflict](const QJsonValue &, const QueryContext &context) {
        sendOrderChange(api, request, context, conflict);
    };
    o.onSuccess = [this, id](const QJsonValue &data, const QJsonValue &, const QJsonValue &) {
        confirm(id, data.toObject());
    };
    o.onError = [this, key, id, status, yours, conflict](
                    const Error &error, const QJsonValue &, const QJsonValue &) {
        // The first write in the rollback phase removes this change's optimistic layer.
        m_queries->setQueryData(key, m_queries->queryData(key));
        if (error.kind == ErrorKind::Conflict && !conflict->isEmpty()) {
            writeServerRows({ *conflict });
            Q_EMIT conflictDetected(id, status, yours, *conflict);
            return;
        }
        Q_EMIT statusFailed(id, status, error.message);
    };
    auto *mutation = new Mutation(m_queries, std::move(o), this);
    beginPending({ id });
    connect(mutation, &Mutation::settled, this, [this, mutation, id] {
        mutation->deleteLater();
        endPending({ id });
    });
    qCInfo(lcSync) << "status change" << id << "->" << toString(status) << "on version"
                   << expectedVersion;
    mutation->mutate();
    return true;
}

bool OrderActions::assignDriver(const QString &id, const QString &driverId)
{
    if (!isAvailable()) {
        qCInfo(lcSync) << "driver assignment of" << id << "refused: not live";
        return false;
    }
    const QJsonObject row = cachedOrder(id);
    const auto current = orderStatusFromString(row.value("status"_L1).toString());
    if (row.isEmpty() || !current || isFinal(*current))
        return false;
    const qint64 version = row.value("version"_L1).toInteger();
    // A new order given to a driver is assigned; taking the driver away from an assigned order
    // makes it new again (the server does the same).
    std::optional<OrderStatus> status;
    if (!driverId.isEmpty() && *current == OrderStatus::New)
        status = OrderStatus::Assigned;
    else if (driverId.isEmpty() && *current == OrderStatus::Assigned)
        status = OrderStatus::New;

    const QueryKey key = QueryKeys::orders();
    auto conflict = std::make_shared<QJsonObject>();
    QPointer<ApiClient> api = m_api;
    MutationOptions o;
    o.scope = u"order:"_s + id;
    o.onMutate = [this, key, id, driverId, status](const QJsonValue &) -> QJsonValue {
        m_queries->setQueryData(key, [id, driverId, status](const QJsonValue &old) {
            return std::optional<QJsonValue>(withDriver(old, id, driverId, status));
        });
        return {};
    };
    o.mutationFn = [api, request = OrdersApi::assignDriver(id, driverId, status, version),
                       conflict](const QJsonValue &, const QueryContext &context) {
        sendOrderChange(api, request, context, conflict);
    };
    o.onSuccess = [this, id](const QJsonValue &data, const QJsonValue &, const QJsonValue &) {
        confirm(id, data.toObject());
    };
    o.onError = [this, key, id, driverId, conflict](
                    const Error &error, const QJsonValue &, const QJsonValue &) {
        m_queries->setQueryData(key, m_queries->queryData(key)); // drops the optimistic layer
        if (error.kind == ErrorKind::Conflict && !conflict->isEmpty()) {
            writeServerRows({ *conflict });
            Q_EMIT assignFailed(id, driverId,
                tr("another change reached the server first (now version %1); look again and "
                   "assign on what is there now")
                    .arg(conflict->value("version"_L1).toInteger()));
            return;
        }
        Q_EMIT assignFailed(id, driverId, error.message);
    };
    auto *mutation = new Mutation(m_queries, std::move(o), this);
    beginPending({ id });
    connect(mutation, &Mutation::settled, this, [this, mutation, id] {
        mutation->deleteLater();
        endPending({ id });
    });
    qCInfo(lcSync) << "driver of" << id << "->" << (driverId.isEmpty() ? u"none"_s : driverId)
                   << "on version" << version;
    mutation->mutate();
    return true;
}

bool OrderActions::setStatusBulk(const QStringList &ids, OrderStatus status, const QString &reason)
{
    if (!isAvailable() || ids.isEmpty() || ids.size() > 500)
        return false;
    const QueryKey key = QueryKeys::orders();
    QPointer<ApiClient> api = m_api;
    auto results = std::make_shared<QList<OrderActionResult>>();
    auto serverRows = std::make_shared<QList<QJsonObject>>();
    MutationOptions o;
    o.onMutate = [this, key, ids, status](const QJsonValue &) -> QJsonValue {
        const QSet<QString> set(ids.begin(), ids.end());
        m_queries->setQueryData(key, [set, status](const QJsonValue &old) {
            return std::optional<QJsonValue>(withStatus(old, set, status));
        });
        return {};
    };
    o.mutationFn = [api, ids, status, reason, results, serverRows](
                       const QJsonValue &, const QueryContext &context) {
        sendRequest(api, OrdersApi::setStatusBulk(ids, status, reason), context,
            [context, ids, results, serverRows](const ApiResult &result) {
                if (!result.ok()) {
                    for (const QString &id : ids)
                        results->append(
                            { id, false, Error::kindName(result.error.kind), messageOf(result) });
                    context.reject({ result.error.kind, messageOf(result) });
                    return;
                }
                const int failed = readResults(result.json, results.get(), serverRows.get());
                if (failed == 0)
                    context.resolve(result.json);
                else
                    context.reject({ ErrorKind::Conflict,
                        failed == 1
                            ? tr("1 of %1 orders was not changed").arg(ids.size())
                            : tr("%1 of %2 orders were not changed").arg(failed).arg(ids.size()) });
            });
    };
    o.onSuccess = [this, status, results, serverRows](
                      const QJsonValue &, const QJsonValue &, const QJsonValue &) {
        writeServerRows(*serverRows);
        Q_EMIT bulkFinished(status, *results);
    };
    o.onError = [this, key, status, results, serverRows](
                    const Error &, const QJsonValue &, const QJsonValue &) {
        // Drop the whole optimistic layer, then write what the server says each order is now:
        // the ones that changed show their new version, the others stay as they were.
        m_queries->setQueryData(key, m_queries->queryData(key));
        writeServerRows(*serverRows);
        Q_EMIT bulkFinished(status, *results);
    };
    auto *mutation = new Mutation(m_queries, std::move(o), this);
    beginPending(ids);
    connect(mutation, &Mutation::settled, this, [this, mutation, ids] {
        mutation->deleteLater();
        endPending(ids);
    });
    qCInfo(lcSync) << "bulk status change of" << ids.size() << "orders ->" << toString(status);
    mutation->mutate();
    return true;
}

bool OrderActions::editOrder(const QString &id, const QJsonObject &changes)
{
    if (!isAvailable() || changes.isEmpty())
        return false;
    const QJsonObject row = cachedOrder(id);
    if (row.isEmpty())
        return false;
    const qint64 version = row.value("version"_L1).toInteger();
    const QueryKey key = QueryKeys::orders();
    auto conflict = std::make_shared<QJsonObject>();
    auto field = std::make_shared<QString>();
    QPointer<ApiClient> api = m_api;
    MutationOptions o;
    o.scope = u"order:"_s + id;
    o.onMutate = [this, key, id, changes](const QJsonValue &) -> QJsonValue {
        m_queries->setQueryData(key, [id, changes](const QJsonValue &old) {
            QJsonArray rows = old.toArray();
            for (qsizetype i = 0; i < rows.size(); ++i) {
                QJsonObject r = rows.at(i).toObject();
                if (RowList::idOf(r) != id)
                    continue;
                for (auto it = changes.begin(); it != changes.end(); ++it)
                    r.insert(it.key(), it.value());
                rows.replace(i, r);
            }
            return std::optional<QJsonValue>(rows);
        });
        return {};
    };
    o.mutationFn = [api, request = OrdersApi::edit(id, changes, version), conflict, field](
                       const QJsonValue &, const QueryContext &context) {
        sendRequest(api, request, context, [context, conflict, field](const ApiResult &result) {
            if (result.ok()) {
                context.resolve(result.json);
                return;
            }
            if (result.error.kind == ErrorKind::Conflict)
                *conflict = result.json.toObject().value("current"_L1).toObject();
            *field = fieldOf(result);
            context.reject({ result.error.kind, messageOf(result) });
        });
    };
    o.onSuccess = [this, id](const QJsonValue &data, const QJsonValue &, const QJsonValue &) {
        writeServerRows({ data.toObject() });
        Q_EMIT editConfirmed(id, data.toObject());
    };
    o.onError = [this, key, id, changes, conflict, field](
                    const Error &error, const QJsonValue &, const QJsonValue &) {
        m_queries->setQueryData(key, m_queries->queryData(key)); // drops the optimistic layer
        if (error.kind == ErrorKind::Conflict && !conflict->isEmpty()) {
            writeServerRows({ *conflict });
            Q_EMIT editConflict(id, changes, *conflict);
            return;
        }
        Q_EMIT editFailed(id, *field, error.message);
    };
    auto *mutation = new Mutation(m_queries, std::move(o), this);
    beginPending({ id });
    connect(mutation, &Mutation::settled, this, [this, mutation, id] {
        mutation->deleteLater();
        endPending({ id });
    });
    qCInfo(lcSync) << "edit of" << id << changes.keys() << "on version" << version;
    mutation->mutate();
    return true;
}

bool OrderActions::createOrder(const QJsonObject &fields, const QByteArray &idempotencyKey)
{
    if (!isAvailable())
        return false;
    ApiCall *call = m_api->send(OrdersApi::create(fields, idempotencyKey));
    connect(call, &ApiCall::finished, this, [this, idempotencyKey](const ApiResult &result) {
        if (!result.ok()) {
            qCInfo(lcSync) << "create refused:" << result.error.message;
            Q_EMIT createFailed(idempotencyKey, fieldOf(result), messageOf(result));
            return;
        }
        const QJsonObject order = result.json.toObject();
        const QString id = order.value("id"_L1).toString();
        if (id.isEmpty() || order.value("version"_L1).toInteger() < 1) {
            Q_EMIT createFailed(idempotencyKey, {}, tr("the server's answer is not an order"));
            return;
        }
        // Into the list at once (the order.created event finds it there; a newer version from
        // the event is never overwritten by this answer).
        m_queries->patchServerData(
            QueryKeys::orders(), [&order](const QJsonValue &old) -> std::optional<QJsonValue> {
                if (!old.isArray())
                    return std::nullopt;
                RowList list(old.toArray());
                return list.upsertNewer(order, true) ? std::optional<QJsonValue>(list.toJson())
                                                     : std::nullopt;
            });
        qCInfo(lcSync) << "created" << id << (result.status == 200 ? "(existed)" : "");
        Q_EMIT orderCreated(idempotencyKey, id, order, result.status == 200);
    });
    return true;
}

bool OrderActions::reassignAll(
    const QString &fromDriver, const QString &toDriver, const QString &reason)
{
    if (!isAvailable() || fromDriver.isEmpty() || fromDriver == toDriver)
        return false;
    ApiCall *call = m_api->send(OrdersApi::reassignAll(fromDriver, toDriver, reason));
    connect(call, &ApiCall::finished, this, [this, fromDriver, toDriver](const ApiResult &result) {
        QList<OrderActionResult> results;
        QList<QJsonObject> rows;
        if (!result.ok()) {
            Q_EMIT reassignFinished(fromDriver, toDriver, results, messageOf(result));
            return;
        }
        const int failed = readResults(result.json, &results, &rows);
        writeServerRows(rows);
        qCInfo(lcSync) << "reassigned" << results.size() - failed << "of" << results.size()
                       << "orders of" << fromDriver;
        Q_EMIT reassignFinished(fromDriver, toDriver, results, {});
    });
    return true;
}

void OrderActions::confirm(const QString &id, const QJsonObject &order)
{
    if (!order.isEmpty())
        writeServerRows({ order });
    Q_EMIT statusConfirmed(id, order);
}

void OrderActions::writeServerRows(const QList<QJsonObject> &rows)
{
    if (rows.isEmpty())
        return;
    // Into the server's value: other changes still waiting for their answers stay optimistic
    // layers on top (and can still be rolled back). Never back to an older version.
    m_queries->patchServerData(
        QueryKeys::orders(), [&rows](const QJsonValue &old) -> std::optional<QJsonValue> {
            if (!old.isArray())
                return std::nullopt;
            RowList list(old.toArray());
            bool changed = false;
            for (const QJsonObject &row : rows)
                changed = list.upsertNewer(row, false) || changed;
            return changed ? std::optional<QJsonValue>(list.toJson()) : std::nullopt;
        });
}

void OrderActions::beginPending(const QStringList &ids)
{
    for (const QString &id : ids) {
        m_pending[id]++;
        Q_EMIT pendingChanged(id);
    }
}

void OrderActions::endPending(const QStringList &ids)
{
    for (const QString &id : ids) {
        if (--m_pending[id] <= 0)
            m_pending.remove(id);
        Q_EMIT pendingChanged(id);
    }
}

} // namespace Ops
