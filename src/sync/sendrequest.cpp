#include "sendrequest.h"

#include <QCoreApplication>

namespace Ops {

void sendRequest(const QPointer<ApiClient> &api, const ApiRequest &request,
    const QueryContext &context, std::function<void(const ApiResult &)> settle)
{
    if (!api) {
        context.reject({ ErrorKind::Cancelled,
            QCoreApplication::translate("Ops::sendRequest", "Not connected") });
        return;
    }
    ApiCall *call = api->send(request);
    context.onCancel([call = QPointer<ApiCall>(call)] {
        if (call)
            call->cancel();
    });
    QObject::connect(call, &ApiCall::finished, call,
        [context, settle = std::move(settle)](const ApiResult &result) {
            if (settle)
                settle(result);
            else if (result.ok())
                context.resolve(result.json);
            else
                context.reject(result.error);
        });
}

} // namespace Ops
