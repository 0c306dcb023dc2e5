#include <algorithm>
#include <functional>

#include <QCryptographicHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include "addroute.h"
#include "core/logging.h"
#include "historyanswer.h"
#include "routes.h"
#include "server/domain/candidates.h"
#include "server/domain/orderservice.h"
#include "server/http/answercache.h"
#include "server/http/httpcompat.h"
#include "server/http/routesupport.h"
#include "server/ops/metricsregistry.h"
#include "server/store/store.h"
#include "visiblerow.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

using Method = QHttpServerRequest::Method;
using StatusCode = QHttpServerResponder::StatusCode;

constexpr int kMaxPageSize = 10000;
constexpr int kMaxBulkIds = 500;

//! A refused order body: counted, and answered with the field it is about (when one is).
QHttpServerResponse refusedBody(
    const RouteServices &s, const char *source, const Error &error, const QString &field)
{
    countRejectedIntake(s.metrics, source, Error::kindName(error.kind));
    return field.isEmpty() ? errorResponse(error) : errorResponse(error, { { "field"_L1, field } });
}

//! The ids of a bulk body: 1 to kMaxBulkIds distinct non-empty strings.
Error bulkIds(const QJsonValue &ids, QStringList *out)
{
    if (!ids.isArray() || ids.toArray().isEmpty() || ids.toArray().size() > kMaxBulkIds)
        return badRequest(u"'ids' must be an array of 1 to %1 order ids"_s.arg(kMaxBulkIds));
    QStringList orderIds;
    for (const QJsonValue &id : ids.toArray()) {
        if (!id.isString() || id.toString().isEmpty() || id.toString().size() > 64)
            return badRequest(u"'ids' must hold non-empty strings"_s);
        if (orderIds.contains(id.toString()))
            return badRequest(u"'ids' repeats %1"_s.arg(id.toString()));
        orderIds.append(id.toString());
    }
    *out = orderIds;
    return {};
}

//! An optional `reason` of a bulk body.
Error bulkReason(const QJsonObject &body, QString *out)
{
    const QJsonValue reason = body.value("reason"_L1);
    if (reason.isUndefined())
        return {};
    if (!reason.isString())
        return badRequest(u"'reason' must be a string"_s);
    if (const auto why =
            OrderFields::text(reason.toString(), OrderService::MaxReasonLength, true, true, out))
        return badRequest(u"'reason' "_s + *why);
    return {};
}

OrderActor actorOf(const User &user)
{
    return OrderActor { user.name, user.role == User::Role::Manager };
}

//! \brief The writer of an order body, or the answer that refuses the request.
struct OrderWriter
{
    std::optional<User> user;
    std::optional<QHttpServerResponse> refusal; //!< set when there is no user
};

//! The caller of \a request when they may write orders (a viewer is Forbidden with \a refusal)
//! and \a parseBody takes the body; a refused body is counted (refusedBody()).
OrderWriter orderWriter(const RouteServices &s, const QHttpServerRequest &request,
    const QString &refusal,
    const std::function<Error(const QByteArray &body, QString *field)> &parseBody)
{
    const AuthResult caller = authenticateWriter(s.auth, request, refusal);
    if (!caller.user)
        return { std::nullopt, errorResponse(caller.error) };
    QString field;
    if (const Error e = parseBody(request.body(), &field); !e.ok())
        return { std::nullopt, refusedBody(s, "api", e, field) };
    return { caller.user, std::nullopt };
}

//! The writer and the JSON body (with nothing but \a fields) of a bulk action, or why not.
struct BulkRequest
{
    std::optional<User> user;
    QJsonObject body;
    Error error;
};

BulkRequest bulkRequest(const RouteServices &s, const QHttpServerRequest &request,
    std::initializer_list<QLatin1StringView> fields)
{
    const AuthResult caller =
        authenticateWriter(s.auth, request, u"viewers may not change orders"_s);
    if (!caller.user)
        return { std::nullopt, {}, caller.error };
    BulkRequest bulk { caller.user, {}, {} };
    bulk.error = parseJsonObject(request.body(), fields, &bulk.body);
    if (!bulk.error.ok())
        bulk.user.reset();
    return bulk;
}

//! Applies \a change to each of \a ids the caller may see, each order as its own transaction
//! (one conflict does not undo the others), and answers one result per id (the bulk actions'
//! shape).
QHttpServerResponse bulkAnswer(const RouteServices &s, const User &caller, const QStringList &ids,
    const OrderChange &change, int *changed)
{
    const OrderActor actor = actorOf(caller);
    QJsonArray results;
    for (const QString &id : ids) {
        QJsonObject entry { { "id"_L1, id } };
        Error error = rowAccessError(s.store, caller, id, s.store.orders().get(id));
        if (error.ok()) {
            const StoreWrite<Order> result = s.orders.change(id, change, std::nullopt, actor);
            error = result.error;
            if (result.item)
                entry.insert("order"_L1, result.item->toJson());
        }
        entry.insert("ok"_L1, error.ok());
        if (!error.ok()) {
            entry.insert("error"_L1, Error::kindName(error.kind));
            entry.insert("message"_L1, error.message);
        } else {
            ++*changed;
        }
        results.append(entry);
    }
    const StreamPosition position = s.store.log().head();
    QHttpServerResponse response(QJsonObject { { "results"_L1, results },
        { "position"_L1,
            QJsonObject { { "epoch"_L1, position.epoch }, { "seq"_L1, position.seq } } } });
    setPositionHeader(response, position);
    return response;
}

std::optional<int> intParam(
    const QueryParams &params, const QString &name, int min, int max, Error *error)
{
    if (!params.has(name))
        return std::nullopt;
    bool ok = false;
    const int value = params.value(name).toInt(&ok);
    if (!ok || value < min || value > max) {
        *error = badRequest(u"'%1' must be an integer from %2 to %3"_s.arg(name).arg(min).arg(max));
        return std::nullopt;
    }
    return value;
}

//! \brief What a list read's answer depends on besides its query and the log.
struct ListClock
{
    QDateTime now;
    QDateTime cutoff; //!< finished orders last changed before this have aged out
    bool ageing = false;
    QString epoch; //!< the caller's `epoch` parameter, if any
};

//! True when \a request's `Accept-Encoding` takes `deflate` (with a q-value above 0).
bool acceptsDeflate(const QHttpServerRequest &request)
{
    for (const QByteArray &item : request.value("Accept-Encoding").split(',')) {
        const QList<QByteArray> parts = item.split(';');
        if (parts.constFirst().trimmed().toLower() != "deflate")
            continue;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts.at(i).trimmed().toLower();
            if (param.startsWith("q=") && param.mid(2).toDouble() <= 0)
                return false;
        }
        return true;
    }
    return false;
}

//! \a answer as the response to \a request: `304` when its ETag matches; a large body
//! deflated when the request takes that.
QHttpServerResponse answerWith(const QHttpServerRequest &request, const AnswerCache::Answer &answer)
{
    if (!answer.etag.isEmpty() && etagMatches(request, answer.etag))
        return notModified(answer.etag, answer.position);
    const bool deflate = !answer.deflated.isEmpty() && acceptsDeflate(request);
    QHttpServerResponse response("application/json"_ba, deflate ? answer.deflated : answer.body);
    if (deflate)
        setResponseHeader(response, "Content-Encoding", "deflate");
    if (!answer.deflated.isEmpty())
        setResponseHeader(response, "Vary", "Accept-Encoding");
    if (!answer.etag.isEmpty())
        setResponseHeader(response, "ETag", answer.etag);
    setPositionHeader(response, answer.position);
    if (answer.total >= 0)
        setResponseHeader(response, "Opsboard-Total-Count", QByteArray::number(answer.total));
    return response;
}

QByteArray compactJson(const QJsonValue &value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

//! The answer to a list read: a delta when \a since allows one (below), else the list.
std::optional<AnswerCache::Answer> readOrderList(const RouteServices &s, const OrderQuery &query,
    std::optional<qint64> since, bool paged, const User &caller, const QHttpServerRequest &request,
    const ListClock &clock, Error *error)
{
    const QDateTime &now = clock.now;
    const QDateTime &cutoff = clock.cutoff;
    const bool ageing = clock.ageing;
    // A delta needs: the caller's epoch (when named) is current, since is not ahead of the
    // head and every event after since is still in the log, and no page was asked for.
    if (since && !paged) {
        const StreamPosition head = s.store.log().head();
        const bool epochOk = clock.epoch.isEmpty() || clock.epoch == head.epoch;
        // Ageing removes rows without an event: the delta also names the orders that aged out
        // since the time of event `since`, so that event must still be in the log.
        QDateTime sinceTime;
        if (ageing && *since > 0) {
            const QList<ChangeEvent> at = s.store.log().eventsAfter(*since - 1, 1);
            if (!at.isEmpty() && at.constFirst().seq == *since)
                sinceTime = at.constFirst().ts;
        }
        if (epochOk && *since <= head.seq && *since + 1 >= s.store.log().oldestSeq()
            && (!ageing || sinceTime.isValid())) {
            OrderQuery delta = query;
            delta.changedAfter = *since;
            delta.sort = u"id"_s;
            delta.descending = false;
            delta.limit = -1;
            delta.offset = 0;
            const OrderList list = s.store.orders().query(delta);
            if (!list.error.ok()) {
                *error = list.error;
                return std::nullopt;
            }
            const QSet<QString> regions(query.regions.begin(), query.regions.end());
            const QSet<QString> statuses(query.statuses.begin(), query.statuses.end());
            const QSet<QString> drivers(query.drivers.begin(), query.drivers.end());
            // Written straight into bytes (Order::appendJson): the same JSON as the objects.
            QByteArray changed = "["_ba;
            QJsonArray deleted;
            QSet<QString> gone;
            for (const Order &order : list.orders) {
                const bool aged = ageing && isFinal(order.status) && order.updatedAt < cutoff;
                const bool inView = (regions.isEmpty() || regions.contains(order.region))
                    && (statuses.isEmpty() || statuses.contains(toString(order.status)))
                    && (drivers.isEmpty() || drivers.contains(order.driverId)) && !aged;
                if (inView) {
                    if (changed.size() > 1)
                        changed += ',';
                    order.appendJson(changed);
                } else {
                    deleted.append(order.id);
                    gone.insert(order.id);
                }
            }
            if (ageing) {
                const qint64 age = sinceTime.secsTo(now);
                const auto aged = s.store.orders().finishedBetween(
                    query.visibleRegions, cutoff.addSecs(-age), cutoff);
                if (!aged) {
                    *error = Error { ErrorKind::Storage, u"cannot list orders"_s };
                    return std::nullopt;
                }
                for (const QString &id : *aged) {
                    if (!gone.contains(id))
                        deleted.append(id);
                }
            }
            changed += ']';
            // The keys in the order QJsonObject writes them.
            const QByteArray body = "{\"changed\":" + changed
                + ",\"deleted\":" + compactJson(deleted) + ",\"position\":"
                + compactJson(QJsonObject {
                    { "epoch"_L1, list.position.epoch }, { "seq"_L1, list.position.seq } })
                + '}';
            return AnswerCache::Answer { body, list.position, {}, -1, {} };
        }
    }

    const OrderList list = s.store.orders().query(query);
    if (!list.error.ok()) {
        *error = list.error;
        return std::nullopt;
    }
    // Ageing changes the list without an event: the count keeps the tag honest.
    QByteArray etag = listEtag(list.position, caller, request);
    if (ageing && etag.endsWith('"'))
        etag.insert(etag.size() - 1, "-n" + QByteArray::number(list.total));
    return AnswerCache::Answer { Order::jsonArray(list.orders), list.position, etag, list.total,
        {} };
}

QHttpServerResponse listOrders(const RouteServices &s, const QHttpServerRequest &request)
{
    const AuthResult caller = authenticateRequest(s.auth, request);
    if (!caller.user)
        return errorResponse(caller.error);
    const QueryParams params = queryParams(request,
        { "status"_L1, "region"_L1, "driver"_L1, "sort"_L1, "order"_L1, "limit"_L1, "offset"_L1,
            "since"_L1, "epoch"_L1, "finished"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    // The default view leaves finished orders out once they are older than the server's
    // setting; `finished=all` asks for every order.
    const QString finished = params.has(u"finished"_s) ? params.value(u"finished"_s) : u"recent"_s;
    if (finished != "recent"_L1 && finished != "all"_L1)
        return errorResponse(badRequest(u"'finished' must be recent or all"_s));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const bool ageing = finished == "recent"_L1 && s.views.finishedVisibleFor.count() > 0;
    const QDateTime cutoff = ageing
        ? now.addSecs(
            -std::chrono::duration_cast<std::chrono::seconds>(s.views.finishedVisibleFor).count())
        : QDateTime();

    OrderQuery query;
    query.visibleRegions = caller.user->regions;
    query.regions = params.list(u"region"_s);
    query.drivers = params.list(u"driver"_s);
    for (const QString &status : params.list(u"status"_s)) {
        if (!orderStatusFromString(status))
            return errorResponse(badRequest(u"unknown status '%1'"_s.arg(status.left(64))));
        query.statuses.append(status);
    }
    if (params.has(u"sort"_s))
        query.sort = params.value(u"sort"_s);
    if (params.has(u"order"_s)) {
        const QString order = params.value(u"order"_s);
        if (order != "asc"_L1 && order != "desc"_L1)
            return errorResponse(badRequest(u"'order' must be asc or desc"_s));
        query.descending = order == "desc"_L1;
    }
    Error error;
    const auto limit = intParam(params, u"limit"_s, 0, kMaxPageSize, &error);
    const auto offset = intParam(params, u"offset"_s, 0, std::numeric_limits<int>::max(), &error);
    if (!error.ok())
        return errorResponse(error);
    query.limit = limit.value_or(-1);
    query.offset = offset.value_or(0);
    query.finishedSince = cutoff;

    std::optional<qint64> since;
    if (params.has(u"since"_s)) {
        bool ok = false;
        since = params.value(u"since"_s).toLongLong(&ok);
        if (!ok || *since < 0)
            return errorResponse(badRequest(u"'since' must be an event seq >= 0"_s));
    } else if (params.has(u"epoch"_s)) {
        return errorResponse(badRequest(u"'epoch' is only meaningful with 'since'"_s));
    }

    // Identical reads at the same log position share one answer (every client reads the same
    // delta after an import, and its list again after a restart).
    const QByteArray key = listScope(*caller.user, request);
    const quint64 generation = s.store.log().generation();
    if (const auto shared = s.listAnswers.find(key, s.store.log().head(), generation))
        return answerWith(request, *shared);
    Error readError;
    const auto answer = readOrderList(s, query, since, limit || offset, *caller.user, request,
        { now, cutoff, ageing, params.has(u"epoch"_s) ? params.value(u"epoch"_s) : QString() },
        &readError);
    if (!answer)
        return errorResponse(readError);
    return answerWith(request, s.listAnswers.insert(key, *answer, generation));
}

QHttpServerResponse getOrder(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const VisibleRow<Order> found = visibleRow(s, request, s.store.orders(), id);
    if (!found.row)
        return errorResponse(found.error);
    const QByteArray etag = versionEtag(found.row->version);
    if (etagMatches(request, etag))
        return notModified(etag, found.position);
    return rowResponse(found.row->toJson(), found.row->version, found.position);
}

QHttpServerResponse orderHistory(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    return historyAnswer(s, request, s.store.orders(), id);
}

QHttpServerResponse candidates(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    const QueryParams params = queryParams(request, { "limit"_L1 });
    if (!params.error.ok())
        return errorResponse(params.error);
    Error error;
    const auto limit = intParam(params, u"limit"_s, 1, 1000, &error);
    if (!error.ok())
        return errorResponse(error);
    const VisibleRow<Order> found = visibleRow(s, request, s.store.orders(), id);
    if (!found.row)
        return errorResponse(found.error);
    if (isFinal(found.row->status))
        return errorResponse(badRequest(u"order %1 is %2; only an open order takes a driver"_s.arg(
            id, toString(found.row->status))));
    const StoreListing<Driver> drivers = s.store.drivers().list(found.user->regions);
    if (!drivers.error.ok())
        return errorResponse(drivers.error);
    QStringList ids;
    for (const Driver &d : drivers.items)
        ids.append(d.id);
    const auto open = s.store.orders().openOrdersOf(ids);
    if (!open)
        return errorResponse(Error { ErrorKind::Storage, u"cannot count the drivers' orders"_s });
    QHash<QString, int> openCount;
    for (const Order &o : *open)
        ++openCount[o.driverId];
    QList<Candidate> ranked = rankCandidates(*found.row, drivers.items, openCount, s.travel);
    if (limit && ranked.size() > *limit)
        ranked.resize(*limit);
    QString stop;
    (void)nextStopOf(*found.row, &stop);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QJsonArray body;
    for (const Candidate &c : std::as_const(ranked))
        body.append(c.toJson(now, stop));
    // Like the KPIs: positions and the clock move without an event, so no ETag.
    QHttpServerResponse response(body);
    setPositionHeader(response, drivers.position);
    return response;
}

QHttpServerResponse patchOrder(
    const RouteServices &s, const QString &id, const QHttpServerRequest &request)
{
    OrderChange change;
    OrderWriter caller = orderWriter(s, request, u"viewers may not change orders"_s,
        [&change](const QByteArray &body, QString *field) {
            return parseOrderPatch(body, &change, field);
        });
    if (!caller.user)
        return std::move(*caller.refusal);
    std::optional<qint64> expectedVersion;
    if (Error e = parseIfMatch(request, &expectedVersion); !e.ok())
        return errorResponse(e);
    if (Error e = rowAccessError(s.store, *caller.user, id, s.store.orders().get(id)); !e.ok())
        return errorResponse(e);

    const StoreWrite<Order> result =
        s.orders.change(id, change, expectedVersion, actorOf(*caller.user));
    if (!result.ok()) {
        if (result.error.kind == ErrorKind::BadRequest)
            countRejectedIntake(s.metrics, "api", Error::kindName(result.error.kind));
        return refusedWrite(result.error, result.item);
    }
    qCInfo(lcServerHttp) << caller.user->name << "set order" << id << "to"
                         << toString(result.item->status) << "driver" << result.item->driverId;
    return rowResponse(result.item->toJson(), result.item->version, result.event->position());
}

QHttpServerResponse createOrder(const RouteServices &s, const QHttpServerRequest &request)
{
    CreateRequest create;
    OrderWriter caller = orderWriter(s, request, u"viewers may not create orders"_s,
        [&create](const QByteArray &body, QString *field) {
            return parseOrderCreate(body, QDateTime::currentDateTimeUtc(), &create.draft, field);
        });
    if (!caller.user)
        return std::move(*caller.refusal);
    if (!caller.user->canSeeRegion(create.draft.region))
        return refusedBody(s, "api",
            Error { ErrorKind::Forbidden,
                u"region '%1' is outside your regions"_s.arg(create.draft.region) },
            u"region"_s);
    create.actor = caller.user->name;
    const QByteArray key = request.value("Idempotency-Key").trimmed();
    if (!key.isEmpty()) {
        const bool printable =
            std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x21 && c <= 0x7e; });
        if (key.size() > 128 || !printable)
            return refusedBody(s, "api",
                badRequest(u"Idempotency-Key must be 1 to 128 visible ASCII characters"_s), {});
        create.idempotencyKey = QString::fromLatin1(key);
        // The request the key stands for: the body as parsed, so spacing and key order do not
        // make two equal requests different.
        const QByteArray canonical = QJsonDocument(QJsonDocument::fromJson(request.body()).object())
                                         .toJson(QJsonDocument::Compact);
        create.requestHash =
            QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex();
    }
    const CreateOutcome outcome = s.orders.create(create);
    if (!outcome.ok()) {
        if (outcome.error.kind != ErrorKind::Storage
            && outcome.error.kind != ErrorKind::Unavailable)
            countRejectedIntake(s.metrics, "api", Error::kindName(outcome.error.kind));
        return errorResponse(outcome.error);
    }
    if (outcome.replay) {
        // The first answer again, word for word.
        QHttpServerResponse response("application/json"_ba, outcome.replay->body,
            static_cast<StatusCode>(outcome.replay->status));
        setResponseHeader(response, "Location", "/api/orders/" + outcome.replay->orderId.toUtf8());
        setResponseHeader(response, "Idempotent-Replayed", "true");
        const qint64 version =
            QJsonDocument::fromJson(outcome.replay->body).object().value("version"_L1).toInteger();
        if (version > 0)
            setResponseHeader(response, "ETag", versionEtag(version));
        setPositionHeader(response, s.store.log().head());
        return response;
    }
    const Order &order = *outcome.order;
    if (!caller.user->canSeeRegion(order.region))
        return errorResponse(Error { ErrorKind::Forbidden,
            u"externalRef %1 belongs to an order outside your regions"_s.arg(order.externalRef) });
    QHttpServerResponse response(
        order.toJson(), outcome.created ? StatusCode::Created : StatusCode::Ok);
    setResponseHeader(response, "ETag", versionEtag(order.version));
    setPositionHeader(response, outcome.event ? outcome.event->position() : s.store.log().head());
    setResponseHeader(response, "Location", "/api/orders/" + order.id.toUtf8());
    if (outcome.created)
        qCInfo(lcServerHttp) << caller.user->name << "created order" << order.id;
    return response;
}

QHttpServerResponse bulkStatus(const RouteServices &s, const QHttpServerRequest &request)
{
    const BulkRequest bulk = bulkRequest(s, request, { "ids"_L1, "status"_L1, "reason"_L1 });
    if (!bulk.user)
        return errorResponse(bulk.error);
    const QJsonObject &body = bulk.body;
    const QJsonValue status = body.value("status"_L1);
    const auto to = orderStatusFromString(status.toString());
    if (!status.isString() || !to)
        return errorResponse(badRequest(u"'status' must be a known order status"_s));
    QStringList orderIds;
    QString reason;
    if (Error e = bulkIds(body.value("ids"_L1), &orderIds); !e.ok())
        return errorResponse(e);
    if (Error e = bulkReason(body, &reason); !e.ok())
        return errorResponse(e);
    OrderChange change;
    change.status = *to;
    change.reason = reason;
    int changed = 0;
    QHttpServerResponse response = bulkAnswer(s, *bulk.user, orderIds, change, &changed);
    qCInfo(lcServerHttp) << bulk.user->name << "bulk-set" << changed << "of" << orderIds.size()
                         << "orders to" << toString(*to);
    return response;
}

QHttpServerResponse bulkAssign(const RouteServices &s, const QHttpServerRequest &request)
{
    const BulkRequest bulk =
        bulkRequest(s, request, { "ids"_L1, "fromDriver"_L1, "driverId"_L1, "reason"_L1 });
    if (!bulk.user)
        return errorResponse(bulk.error);
    const QJsonObject &body = bulk.body;
    const QJsonValue driver = body.value("driverId"_L1);
    if (driver.isUndefined()
        || (!driver.isNull()
            && (!driver.isString() || driver.toString().isEmpty()
                || driver.toString().size() > 64)))
        return errorResponse(
            badRequest(u"'driverId' must be a driver id (1 to 64 characters) or null"_s));
    const QString to = driver.isNull() ? QString() : driver.toString();
    QString reason;
    if (Error e = bulkReason(body, &reason); !e.ok())
        return errorResponse(e);
    QStringList orderIds;
    const QJsonValue from = body.value("fromDriver"_L1);
    if (from.isUndefined() == body.value("ids"_L1).isUndefined())
        return errorResponse(badRequest(u"give either 'ids' or 'fromDriver'"_s));
    if (!from.isUndefined()) {
        if (!from.isString() || from.toString().isEmpty() || from.toString().size() > 64)
            return errorResponse(badRequest(u"'fromDriver' must be a driver id"_s));
        if (from.toString() == to)
            return errorResponse(badRequest(u"'fromDriver' and 'driverId' are the same driver"_s));
        // Everything the driver carries now (that the caller may see): decided here, not from a
        // list the client read a while ago.
        OrderQuery query;
        query.drivers = { from.toString() };
        query.statuses = { toString(OrderStatus::Assigned), toString(OrderStatus::PickedUp),
            toString(OrderStatus::InTransit) };
        query.visibleRegions = bulk.user->regions;
        const OrderList carried = s.store.orders().query(query);
        if (!carried.error.ok())
            return errorResponse(carried.error);
        if (carried.orders.size() > kMaxBulkIds)
            return errorResponse(badRequest(
                u"driver %1 carries %2 orders; move at most %3 at once"_s.arg(from.toString())
                    .arg(carried.orders.size())
                    .arg(kMaxBulkIds)));
        for (const Order &order : carried.orders)
            orderIds.append(order.id);
    } else if (Error e = bulkIds(body.value("ids"_L1), &orderIds); !e.ok()) {
        return errorResponse(e);
    }
    OrderChange change;
    change.driverId = to;
    change.reason = reason;
    int changed = 0;
    QHttpServerResponse response = bulkAnswer(s, *bulk.user, orderIds, change, &changed);
    qCInfo(lcServerHttp) << bulk.user->name << "bulk-assigned" << changed << "of" << orderIds.size()
                         << "orders to" << (to.isEmpty() ? u"nobody"_s : to);
    return response;
}

} // namespace

void countRejectedIntake(MetricsRegistry &metrics, const char *source, const QString &reason)
{
    metrics
        .counter("opsboard_intake_rejected_total"_ba,
            "Order bodies and CSV files refused, by source (api, import) and reason."_ba,
            { { "source"_ba, QByteArray(source) }, { "reason"_ba, reason.toUtf8() } })
        .increment();
}

void registerOrderRoutes(QHttpServer &server, const RouteServices &services)
{
    addRoute(server, u"/api/orders"_s, Method::Get, services, listOrders);
    addRoute(server, u"/api/orders"_s, Method::Post, services, createOrder);
    addRoute(server, u"/api/orders/bulk-status"_s, Method::Post, services, bulkStatus);
    addRoute(server, u"/api/orders/bulk-assign"_s, Method::Post, services, bulkAssign);
    addRoute(server, u"/api/orders/<arg>/history"_s, Method::Get, services, orderHistory);
    addRoute(server, u"/api/orders/<arg>/candidates"_s, Method::Get, services, candidates);
    addRoute(server, u"/api/orders/<arg>"_s, Method::Get, services, getOrder);
    addRoute(server, u"/api/orders/<arg>"_s, Method::Patch, services, patchOrder);
}

} // namespace Ops
