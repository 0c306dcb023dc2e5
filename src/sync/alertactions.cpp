#include "alertactions.h"

#include <QJsonArray>

#include "api/alertsapi.h"
#include "core/logging.h"
#include "keys/querykeys.h"
#include "query/mutation.h"
#include "query/queryclient.h"
#include "sendrequest.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The inbox after \a action on alert \a id: acknowledged in place; resolved and snoozed alerts
//! leave it.
QJsonValue afterAction(const QJsonValue &inbox, const QString &id, AlertActions::Action action)
{
    QJsonArray rows = inbox.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        QJsonObject row = rows.at(i).toObject();
        if (row.value("id"_L1).toString() != id)
            continue;
        if (action == AlertActions::Action::Acknowledge) {
            row.insert("status"_L1, u"acknowledged"_s);
            rows.replace(i, row);
        } else {
            rows.removeAt(i);
        }
        break;
    }
    return rows;
}

ApiRequest requestFor(AlertActions::Action action, const QString &id, qint64 version, int minutes)
{
    switch (action) {
    case AlertActions::Action::Acknowledge:
        return AlertsApi::acknowledge(id, version);
    case AlertActions::Action::Resolve:
        return AlertsApi::resolve(id, version);
    case AlertActions::Action::Snooze:
        break;
    }
    return AlertsApi::snooze(id, minutes, version);
}

} // namespace

AlertActions::AlertActions(QueryClient *queries, ApiClient *api, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_api(api)
{ }

AlertActions::~AlertActions() = default;

QJsonObject AlertActions::cachedAlert(const QString &id) const
{
    const QJsonArray rows = m_queries->queryData(QueryKeys::alertInbox()).toArray();
    for (const QJsonValue &v : rows) {
        if (v.toObject().value("id"_L1).toString() == id)
            return v.toObject();
    }
    return {};
}

bool AlertActions::canRun(Action action, const QString &id) const
{
    if (id.isEmpty() || isPending(id))
        return false;
    const QJsonObject alert = cachedAlert(id);
    if (alert.isEmpty())
        return false;
    return action != Action::Acknowledge || alert.value("status"_L1).toString() == "open"_L1;
}

bool AlertActions::run(Action action, const QString &id, int snoozeMinutes)
{
    if (!m_api || !canRun(action, id))
        return false;
    const qint64 version = cachedAlert(id).value("version"_L1).toInteger();
    const QueryKey inbox = QueryKeys::alertInbox();
    QueryClient *client = m_queries;

    MutationOptions options;
    options.scope = u"alert:"_s + id;
    options.mutationFn = [api = m_api, request = requestFor(action, id, version, snoozeMinutes)](
                             const QJsonValue &, const QueryContext &context) {
        sendRequest(api, request, context);
    };
    options.onMutate = [client, inbox, id, action](const QJsonValue &) -> QJsonValue {
        client->cancelQueries(QueryFilter::exactly(inbox));
        const QJsonValue previous = client->queryData(inbox);
        client->setQueryData(inbox, [&id, action](const QJsonValue &old) {
            return std::optional<QJsonValue>(afterAction(old, id, action));
        });
        return QJsonObject { { "previous"_L1, previous } };
    };
    options.onError = [this, client, inbox, id, action](
                          const Error &error, const QJsonValue &, const QJsonValue &context) {
        client->setQueryData(inbox, context.toObject().value("previous"_L1)); // the rollback
        qCInfo(lcSync) << "alert action on" << id << "refused:" << error.message;
        Q_EMIT actionFailed(id, action, error.message);
    };
    options.onSettled = [client](const QJsonValue &, const Error &, const QJsonValue &,
                            const QJsonValue &) {
        client->invalidateQueries(QueryFilter::prefix(QueryKeys::alerts()));
    };

    auto *mutation = new Mutation(m_queries, std::move(options), this);
    m_pending.insert(id, action);
    connect(mutation, &Mutation::settled, this, [this, mutation, id, action] {
        const bool ok = mutation->status() == MutationStatus::Success;
        mutation->deleteLater();
        m_pending.remove(id);
        Q_EMIT pendingChanged(id);
        Q_EMIT actionSettled(id, action, ok);
    });
    Q_EMIT pendingChanged(id);
    qCInfo(lcSync) << "alert action" << action << "on" << id << "at version" << version;
    mutation->mutate(QJsonObject { { "id"_L1, id } });
    return true;
}

} // namespace Ops
