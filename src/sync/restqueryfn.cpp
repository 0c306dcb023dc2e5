#include "restqueryfn.h"

#include "api/apiclient.h"

#include <QJsonObject>
#include <QPointer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace Ops {

QueryFn restQueryFn(ApiClient *api)
{
    QPointer<ApiClient> guard(api);
    return [guard](const QueryContext &context) {
        if (!guard) {
            context.reject({ ErrorKind::Cancelled, u"API client is gone"_s });
            return;
        }
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
        ApiRequest request = ApiRequest::get(path);
        if (!query.isEmpty())
            request.setQuery(query);
        QPointer<ApiCall> call = guard->send(request);
        context.onCancel([call] {
            if (call)
                call->cancel();
        });
        QObject::connect(call, &ApiCall::finished, call, [context](const ApiResult &result) {
            if (result.ok())
                context.resolve(result.json);
            else
                context.reject(result.error);
        });
    };
}

} // namespace Ops
