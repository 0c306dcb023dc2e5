#include "alertactions.h"

#include <QJsonArray>

#include "api/alertsapi.h"
#include "api/apicall.h"
#include "api/apiclient.h"
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

bool hasReceipt(const QJsonObject &alert, const QString &user)
{
    const QJsonArray seen = alert.value("seenBy"_L1).toArray();
    return std::any_of(seen.begin(), seen.end(),
        [&user](const QJsonValue &v) { return v.toObject().value("user"_L1).toString() == user; });
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
    options.mutationFn = [this, action, id, version, snoozeMinutes](
                             const QJsonValue &, const QueryContext &context) {
        const auto send = [api = m_api, action, id, snoozeMinutes, context](qint64 expected) {
            sendRequest(api, requestFor(action, id, expected, snoozeMinutes), context);
        };
        if (!m_seenInFlight.contains(id)) {
            send(version);
            return;
        }
        // This user's receipt is on its way and moves the version on by one: the action goes
        // after its answer, expecting that version when nothing else changed meanwhile (a
        // change by someone else still makes it a conflict).
        m_afterSeen.insert(id, [send, version](const QJsonObject &answer) {
            const qint64 answered = answer.value("version"_L1).toInteger();
            send(answered == version + 1 ? answered : version);
        });
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

void AlertActions::setUser(const QString &user)
{
    if (user != m_user)
        m_seenSent.clear();
    m_user = user;
}

bool AlertActions::markSeen(const QString &id)
{
    if (!m_api || id.isEmpty() || m_seenSent.contains(id))
        return false;
    if (!m_user.isEmpty() && hasReceipt(cachedAlert(id), m_user)) {
        m_seenSent.insert(id);
        return false;
    }
    m_seenSent.insert(id);
    m_seenInFlight.insert(id);
    ApiCall *call = m_api->send(AlertsApi::seen(id));
    connect(call, &ApiCall::finished, this, [this, id](const ApiResult &result) {
        m_seenInFlight.remove(id);
        const QJsonObject answer = result.ok() ? result.json.toObject() : QJsonObject();
        // An action started meanwhile goes now.
        if (const auto then = m_afterSeen.take(id))
            then(answer);
        if (!result.ok()) {
            m_seenSent.remove(id); // the next opening tries again
            qCInfo(lcSync) << "receipt of" << id << "refused:" << result.error.message;
            Q_EMIT seenSettled(id, false);
            return;
        }
        // The inbox shows the receipt at once, unless an action's optimistic change is shown
        // (its refetch brings the receipt).
        if (m_pending.contains(id)) {
            Q_EMIT seenSettled(id, true);
            return;
        }
        m_queries->setQueryData(QueryKeys::alertInbox(),
            [&id, &answer](const QJsonValue &old) -> std::optional<QJsonValue> {
                QJsonArray rows = old.toArray();
                for (qsizetype i = 0; i < rows.size(); ++i) {
                    if (rows.at(i).toObject().value("id"_L1).toString() == id) {
                        rows.replace(i, answer);
                        return rows;
                    }
                }
                return std::nullopt;
            });
        Q_EMIT seenSettled(id, true);
    });
    return true;
}

} // namespace Ops
