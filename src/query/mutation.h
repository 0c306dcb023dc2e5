#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <QJsonValue>
#include <QObject>

#include "core/error.h"
#include "querycontext.h"
#include "retrypolicy.h"

namespace Ops {

class QueryClient;

enum class MutationStatus {
    Idle,
    Pending,
    Success,
    Error,
};

//! Performs the write: settles \a context with the server's answer (or an error).
using MutationFn = std::function<void(const QJsonValue &variables, const QueryContext &context)>;

//! \brief The callbacks of a mutation (query-core's `MutationOptions`). Each runs to completion
//! before the status changes; the value onMutate returns reaches onError and onSettled.
struct MutationOptions
{
    MutationFn mutationFn;
    //! Runs before mutationFn: cancel, snapshot and write optimistically; returns the context.
    std::function<QJsonValue(const QJsonValue &variables)> onMutate;
    std::function<void(
        const QJsonValue &data, const QJsonValue &variables, const QJsonValue &context)>
        onSuccess;
    std::function<void(
        const Ops::Error &error, const QJsonValue &variables, const QJsonValue &context)>
        onError;
    std::function<void(const QJsonValue &data, const Ops::Error &error, const QJsonValue &variables,
        const QJsonValue &context)>
        onSettled;
    //! Mutations of one scope run one after another, in the order mutate() was called.
    QString scope;
    //! Mutations do not retry unless asked (query-core's `retry: 0`).
    RetryPolicy retry { 0, std::chrono::milliseconds(1000), std::chrono::milliseconds(30000) };
};

struct MutationRun;

//! \brief Writes to the server with the optimistic-update life cycle of query-core.
//!
//! Writes made with QueryClient::setQueryData inside onMutate are optimistic layers over the
//! server's value; the documented rollback (writing the snapshot back in onError) removes only
//! this run's layer, so overlapping mutations and newer server values survive it.
//!
//! Every mutate() starts a run of its own in the client's mutation cache (query-core's
//! MutationCache): several runs of one Mutation may be in flight at once, each with its own
//! variables, onMutate context and callbacks. The properties describe the latest run
//! (query-core's MutationObserver); runs of one scope still run one after another.
class Mutation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Mutation)
    Q_PROPERTY(Ops::MutationStatus status READ status NOTIFY stateChanged)
    Q_PROPERTY(bool isPaused READ isPaused NOTIFY stateChanged)

public:
    Mutation(QueryClient *client, MutationOptions options, QObject *parent = nullptr);
    //! Cancels the runs still in flight (their layers are dropped; no callbacks run).
    ~Mutation() override;

    //! Starts a run with \a variables, also while earlier runs are pending. Returns its id.
    quint64 mutate(const QJsonValue &variables = {});
    //! Back to Idle: forgets the latest run (not while it is pending; others keep running).
    void reset();

    [[nodiscard]] MutationStatus status() const;
    [[nodiscard]] bool isPending() const { return status() == MutationStatus::Pending; }
    //! The latest run waits for an earlier mutation of its scope.
    [[nodiscard]] bool isPaused() const;
    //! Runs of this mutation in flight (pending or paused).
    [[nodiscard]] int pendingCount() const;
    [[nodiscard]] QJsonValue data() const;
    [[nodiscard]] Ops::Error error() const;
    [[nodiscard]] QJsonValue variables() const;
    [[nodiscard]] QJsonValue context() const;
    [[nodiscard]] int failureCount() const;
    [[nodiscard]] Ops::Error failureReason() const;

Q_SIGNALS:
    void stateChanged();
    //! Emitted once per mutate(), after that run's onSettled, with \a run its id.
    void settled(quint64 run);

private:
    friend class QueryClient;
    enum class Phase {
        None,
        Mutate,
        Rollback,
    };
    void inPhase(MutationRun *run, Phase phase, const std::function<void()> &fn);
    void start(MutationRun *run);
    void attempt(MutationRun *run);
    void finish(MutationRun *run, bool ok, const QJsonValue &data, const Ops::Error &error);
    void leaveScope(MutationRun *run);
    [[nodiscard]] MutationRun *find(quint64 id) const;
    //! Drops finished runs other than the latest.
    void prune();

    QueryClient *m_client;
    MutationOptions m_options;
    std::vector<std::unique_ptr<MutationRun>> m_runs;
    MutationRun *m_latest = nullptr;
    quint64 m_nextRun = 1;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::MutationStatus)
