#include "mutation.h"

#include <exception>

#include <QPointer>
#include <QTimer>

#include "core/logging.h"
#include "queryclient.h"
#include "queryclient_p.h"

namespace Ops {
Mutation::Mutation(QueryClient *client, MutationOptions options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(std::move(options))
{ }

Mutation::~Mutation()
{
    if (m_inflight)
        m_inflight->cancel();
    if (isPending()) {
        m_client->d->mutating--;
        leaveScope();
        m_client->d->mutationSettled(this);
    }
}

bool Mutation::mutate(const QJsonValue &variables)
{
    if (isPending())
        return false;
    ++m_run;
    m_variables = variables;
    m_context = {};
    m_data = {};
    m_error = {};
    m_failureCount = 0;
    m_failureReason = {};
    m_status = MutationStatus::Pending;
    m_client->d->mutating++;
    auto &queue = m_client->d->scopes[m_options.scope];
    const bool waits = !m_options.scope.isEmpty() && !queue.isEmpty();
    if (!m_options.scope.isEmpty())
        queue.append(this);
    m_paused = waits;
    // onMutate runs at once, even while an earlier mutation of the scope is still running.
    if (m_options.onMutate)
        inPhase(Phase::Mutate, [&] { m_context = m_options.onMutate(variables); });
    Q_EMIT stateChanged();
    if (!waits)
        run();
    return true;
}

void Mutation::reset()
{
    if (isPending())
        return;
    m_status = MutationStatus::Idle;
    m_data = {};
    m_error = {};
    m_context = {};
    Q_EMIT stateChanged();
}

void Mutation::run()
{
    if (m_paused) {
        m_paused = false;
        Q_EMIT stateChanged();
    }
    attempt();
}

void Mutation::attempt()
{
    if (!m_options.mutationFn) {
        finish(false, {}, { ErrorKind::Protocol, tr("no mutation function") });
        return;
    }
    const quint64 run = m_run;
    QPointer<Mutation> self(this);
    QueryContext context(QueryKey {}, [self, run](bool ok, const QJsonValue &data, const Error &e) {
        if (!self || self->m_run != run || !self->isPending())
            return;
        self->m_inflight.reset();
        if (!ok && self->m_options.retry.shouldRetry(self->m_failureCount + 1, e)) {
            self->m_failureCount++;
            self->m_failureReason = e;
            Q_EMIT self->stateChanged();
            self->m_client->d->clock->schedule(
                self->m_options.retry.delayAfter(self->m_failureCount, e), self.data(),
                [self, run] {
                    if (self && self->m_run == run && self->isPending())
                        self->attempt();
                });
            return;
        }
        self->finish(ok, data, e);
    });
    m_inflight = context;
    // A mutation function that throws fails the mutation (query-core: a rejected promise).
    try {
        m_options.mutationFn(m_variables, context);
    } catch (const std::exception &e) {
        context.reject({ ErrorKind::Protocol,
            tr("The mutation function failed: %1").arg(QString::fromUtf8(e.what())) });
    } catch (...) {
        context.reject({ ErrorKind::Protocol, tr("The mutation function failed") });
    }
}

void Mutation::finish(bool ok, const QJsonValue &data, const Error &error)
{
    auto *d = m_client->d.get();
    QPointer<Mutation> self(this);
    if (ok) {
        inPhase(Phase::None, [&] {
            if (m_options.onSuccess)
                m_options.onSuccess(data, m_variables, m_context);
            if (self && m_options.onSettled)
                m_options.onSettled(data, {}, m_variables, m_context);
        });
    } else {
        m_failureCount++;
        m_failureReason = error;
        qCInfo(lcQuery) << "mutation failed:" << error.message;
        inPhase(Phase::Rollback, [&] {
            if (m_options.onError)
                m_options.onError(error, m_variables, m_context);
            if (self && m_options.onSettled)
                m_options.onSettled({}, error, m_variables, m_context);
        });
    }
    if (!self)
        return;
    // The status changes only after every callback completed (query-core's execute()).
    m_status = ok ? MutationStatus::Success : MutationStatus::Error;
    m_data = data;
    m_error = error;
    d->mutating--;
    d->mutationSettled(this);
    leaveScope();
    Q_EMIT stateChanged();
    Q_EMIT settled();
}

void Mutation::inPhase(Phase phase, const std::function<void()> &fn)
{
    // The client learns which mutation (and which callback) its writes come from.
    auto *d = m_client->d.get();
    QPointer<QueryClient> client(m_client);
    const Mutation *scope = std::exchange(d->mutationScope, this);
    const auto previous = std::exchange(d->phase,
        phase == Phase::Mutate         ? QueryClient::Private::MutationPhase::Mutate
            : phase == Phase::Rollback ? QueryClient::Private::MutationPhase::Rollback
                                       : QueryClient::Private::MutationPhase::None);
    fn();
    if (client) {
        d->mutationScope = scope;
        d->phase = previous;
    }
}

void Mutation::leaveScope()
{
    if (m_options.scope.isEmpty())
        return;
    auto &scopes = m_client->d->scopes;
    auto it = scopes.find(m_options.scope);
    if (it == scopes.end())
        return;
    const bool wasHead = !it->isEmpty() && it->first() == this;
    it->removeAll(this);
    if (it->isEmpty()) {
        scopes.erase(it);
        return;
    }
    if (wasHead) {
        QPointer<Mutation> next = it->first();
        // Next turn: the settled mutation's signals are delivered first.
        QTimer::singleShot(0, m_client, [next] {
            if (next && next->isPending() && next->m_paused)
                next->run();
        });
    }
}

} // namespace Ops
