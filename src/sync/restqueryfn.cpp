#include "restqueryfn.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QUrlQuery>

#include "api/apiclient.h"
#include "core/logging.h"
#include "query/rowlist.h"
#include "sendrequest.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

// What the cache keeps with a list's data (QueryContext::meta): its validators.
const QString kEtag = u"etag"_s;
const QString kEpoch = u"epoch"_s;
const QString kSeq = u"seq"_s;

} // namespace

QueryFn restQueryFn(ApiClient *api)
{
    QPointer<ApiClient> guard(api);
    return [guard](const QueryContext &context) {
        QString path = u"/api"_s;
        QUrlQuery query;
        for (const QJsonValue &part : context.key().parts()) {
            if (part.isObject()) {
                const QJsonObject params = part.toObject();
                for (auto it = params.begin(); it != params.end(); ++it)
                    query.addQueryItem(it.key(), it.value().toVariant().toString());
            } else if (part.isString()) {
                path += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(part.toString()));
            } else if (part.isDouble()) {
                path += u'/' + QString::number(part.toInteger());
            }
        }
        // Conditional and delta reads need the cached value they are relative to.
        const QVariantMap meta = context.meta().toMap();
        const QJsonValue previous = context.previousData();
        ApiRequest request = ApiRequest::get(path);
        if (const QString etag = meta.value(kEtag).toString(); !etag.isEmpty())
            request.setHeader("If-None-Match", etag.toUtf8());
        // Only the orders list answers delta reads; other lists reject an unknown `since`.
        const bool delta = path == "/api/orders"_L1 && previous.isArray() && meta.contains(kSeq);
        if (delta) {
            query.addQueryItem(u"since"_s, QString::number(meta.value(kSeq).toLongLong()));
            query.addQueryItem(u"epoch"_s, meta.value(kEpoch).toString());
        }
        if (!query.isEmpty())
            request.setQuery(query);
        sendRequest(
            guard, request, context, [context, meta, previous, delta](const ApiResult &result) {
                if (!result.ok()) {
                    // 429/503: the query client (the retry owner) waits at least Retry-After.
                    if (result.retryAfter)
                        context.reject(result.error, *result.retryAfter);
                    else
                        context.reject(result.error);
                    return;
                }
                QVariantMap next = meta;
                if (result.position) {
                    next.insert(kEpoch, result.position->epoch);
                    next.insert(kSeq, result.position->seq);
                }
                if (result.status == 304) {
                    context.setMeta(next);
                    context.resolveNotModified(); // fresh, and the cached rows stand
                    return;
                }
                if (delta && result.json.isObject()) {
                    const QJsonObject body = result.json.toObject();
                    const QJsonObject pos = body.value("position"_L1).toObject();
                    if (!pos.isEmpty()) {
                        next.insert(kEpoch, pos.value("epoch"_L1).toString());
                        next.insert(kSeq, pos.value("seq"_L1).toInteger());
                    }
                    next.remove(kEtag); // the validator described the list before the delta
                    context.setMeta(next);
                    // Rows newer than the cached ones replace them; deleted ids go.
                    RowList rows(previous.toArray());
                    rows.applyDelta(
                        body.value("changed"_L1).toArray(), body.value("deleted"_L1).toArray());
                    context.resolve(rows.toJson());
                    return;
                }
                // A full answer (also what the server sends when it cannot give a delta).
                if (!result.etag.isEmpty())
                    next.insert(kEtag, QString::fromUtf8(result.etag));
                else
                    next.remove(kEtag);
                if (!result.json.isArray())
                    next.remove(kSeq); // deltas apply to lists only
                context.setMeta(next);
                context.resolve(result.json);
            });
    };
}

} // namespace Ops
