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
    for (const auto &run : m_runs) {
        if (run->status != MutationStatus::Pending)
            continue;
        if (run->inflight)
            run->inflight->cancel();
        m_client->d->mutating--;
        m_client->d->mutations.removeAll(run.get());
        leaveScope(run.get());
        m_client->d->mutationSettled(run.get());
    }
}

MutationRun *Mutation::find(quint64 id) const
{
    for (const auto &run : m_runs) {
        if (run->id == id)
            return run.get();
    }
    return nullptr;
}

void Mutation::prune()
{
    std::erase_if(m_runs, [this](const std::unique_ptr<MutationRun> &run) {
        return run.get() != m_latest && run->status != MutationStatus::Pending;
    });
}

quint64 Mutation::mutate(const QJsonValue &variables)
{
    prune();
    auto owned = std::make_unique<MutationRun>();
    MutationRun *run = owned.get();
    run->owner = this;
    run->id = m_nextRun++;
    run->variables = variables;
    m_runs.push_back(std::move(owned));
    m_latest = run;
    auto *d = m_client->d.get();
    d->mutating++;
    d->mutations.append(run);
    auto &queue = d->scopes[m_options.scope];
    const bool waits = !m_options.scope.isEmpty() && !queue.isEmpty();
    if (!m_options.scope.isEmpty())
        queue.append(run);
    run->paused = waits;
    const quint64 id = run->id;
    QPointer<Mutation> self(this);
    // onMutate runs at once, even while an earlier mutation of the scope is still running.
    if (m_options.onMutate)
        inPhase(run, Phase::Mutate, [&] { run->context = m_options.onMutate(variables); });
    if (!self || !find(id))
        return id;
    Q_EMIT stateChanged();
    if (!waits && self && find(id))
        start(run);
    return id;
}

void Mutation::reset()
{
    if (isPending())
        return;
    m_latest = nullptr;
    prune();
    Q_EMIT stateChanged();
}

MutationStatus Mutation::status() const
{
    return m_latest ? m_latest->status : MutationStatus::Idle;
}

bool Mutation::isPaused() const
{
    return m_latest && m_latest->paused;
}

int Mutation::pendingCount() const
{
    return int(std::count_if(m_runs.begin(), m_runs.end(),
        [](const auto &run) { return run->status == MutationStatus::Pending; }));
}

QJsonValue Mutation::data() const
{
    return m_latest ? m_latest->data : QJsonValue();
}

Error Mutation::error() const
{
    return m_latest ? m_latest->error : Error {};
}

QJsonValue Mutation::variables() const
{
    return m_latest ? m_latest->variables : QJsonValue();
}

QJsonValue Mutation::context() const
{
    return m_latest ? m_latest->context : QJsonValue();
}

int Mutation::failureCount() const
{
    return m_latest ? m_latest->failureCount : 0;
}

Error Mutation::failureReason() const
{
    return m_latest ? m_latest->failureReason : Error {};
}

void Mutation::start(MutationRun *run)
{
    if (run->paused) {
        run->paused = false;
        if (run == m_latest)
            Q_EMIT stateChanged();
    }
    attempt(run);
}

void Mutation::attempt(MutationRun *run)
{
    if (!m_options.mutationFn) {
        finish(run, false, {}, { ErrorKind::Protocol, tr("no mutation function") });
        return;
    }
    const quint64 id = run->id;
    QPointer<Mutation> self(this);
    QueryContext context(QueryKey {}, [self, id](bool ok, const QJsonValue &data, const Error &e) {
        MutationRun *run = self ? self->find(id) : nullptr;
        if (!run || run->status != MutationStatus::Pending)
            return;
        run->inflight.reset();
        if (!ok && self->m_options.retry.shouldRetry(run->failureCount + 1, e)) {
            run->failureCount++;
            run->failureReason = e;
            if (run == self->m_latest)
                Q_EMIT self->stateChanged();
            self->m_client->d->clock->schedule(
                self->m_options.retry.delayAfter(run->failureCount, e), self.data(), [self, id] {
                    MutationRun *run = self ? self->find(id) : nullptr;
                    if (run && run->status == MutationStatus::Pending)
                        self->attempt(run);
                });
            return;
        }
        self->finish(run, ok, data, e);
    });
    run->inflight = context;
    // A mutation function that throws fails the mutation (query-core: a rejected promise).
    try {
        m_options.mutationFn(run->variables, context);
    } catch (const std::exception &e) {
        context.reject({ ErrorKind::Protocol,
            tr("The mutation function failed: %1").arg(QString::fromUtf8(e.what())) });
    } catch (...) {
        context.reject({ ErrorKind::Protocol, tr("The mutation function failed") });
    }
}

void Mutation::finish(MutationRun *run, bool ok, const QJsonValue &data, const Error &error)
{
    auto *d = m_client->d.get();
    QPointer<Mutation> self(this);
    const quint64 id = run->id;
    if (ok) {
        inPhase(run, Phase::None, [&] {
            if (m_options.onSuccess)
                m_options.onSuccess(data, run->variables, run->context);
            if (self && find(id) && m_options.onSettled)
                m_options.onSettled(data, {}, run->variables, run->context);
        });
    } else {
        run->failureCount++;
        run->failureReason = error;
        qCInfo(lcQuery) << "mutation failed:" << error.message;
        inPhase(run, Phase::Rollback, [&] {
            if (m_options.onError)
                m_options.onError(error, run->variables, run->context);
            if (self && find(id) && m_options.onSettled)
                m_options.onSettled({}, error, run->variables, run->context);
        });
    }
    if (!self || !find(id))
        return;
    // The status changes only after every callback completed (query-core's execute()).
    run->status = ok ? MutationStatus::Success : MutationStatus::Error;
    run->data = data;
    run->error = error;
    d->mutating--;
    d->mutations.removeAll(run);
    d->mutationSettled(run);
    leaveScope(run);
    if (run == m_latest)
        Q_EMIT stateChanged();
    if (self)
        Q_EMIT settled(id);
}

void Mutation::inPhase(MutationRun *run, Phase phase, const std::function<void()> &fn)
{
    // The client learns which run (and which callback) its writes come from.
    auto *d = m_client->d.get();
    QPointer<QueryClient> client(m_client);
    const MutationRun *scope = std::exchange(d->mutationScope, run);
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

void Mutation::leaveScope(MutationRun *run)
{
    if (m_options.scope.isEmpty())
        return;
    auto &scopes = m_client->d->scopes;
    auto it = scopes.find(m_options.scope);
    if (it == scopes.end())
        return;
    const bool wasHead = !it->isEmpty() && it->first() == run;
    it->removeAll(run);
    if (it->isEmpty()) {
        scopes.erase(it);
        return;
    }
    if (wasHead) {
        MutationRun *next = it->first();
        QPointer<Mutation> owner = next->owner;
        const quint64 id = next->id;
        // Next turn: the settled mutation's signals are delivered first.
        QTimer::singleShot(0, m_client, [owner, id] {
            MutationRun *run = owner ? owner->find(id) : nullptr;
            if (run && run->status == MutationStatus::Pending && run->paused)
                owner->start(run);
        });
    }
}

} // namespace Ops
