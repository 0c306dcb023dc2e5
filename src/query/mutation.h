#pragma once

#include <functional>
#include <optional>

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

//! \brief One write to the server with the optimistic-update life cycle of query-core.
//!
//! Writes made with QueryClient::setQueryData inside onMutate are optimistic layers over the
//! server's value; the documented rollback (writing the snapshot back in onError) removes only
//! this mutation's layer, so overlapping mutations and newer server values survive it.
class Mutation final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Mutation)
    Q_PROPERTY(Ops::MutationStatus status READ status NOTIFY stateChanged)
    Q_PROPERTY(bool isPaused READ isPaused NOTIFY stateChanged)

public:
    Mutation(QueryClient *client, MutationOptions options, QObject *parent = nullptr);
    ~Mutation() override;

    //! Starts the mutation with \a variables (a mutation already running is not interrupted: a
    //! new mutate() while pending is ignored and returns false).
    bool mutate(const QJsonValue &variables = {});
    //! Back to Idle (not while pending).
    void reset();

    [[nodiscard]] MutationStatus status() const { return m_status; }
    [[nodiscard]] bool isPending() const { return m_status == MutationStatus::Pending; }
    //! Waiting for an earlier mutation of its scope.
    [[nodiscard]] bool isPaused() const { return m_paused; }
    [[nodiscard]] const QJsonValue &data() const { return m_data; }
    [[nodiscard]] const Ops::Error &error() const { return m_error; }
    [[nodiscard]] const QJsonValue &variables() const { return m_variables; }
    [[nodiscard]] const QJsonValue &context() const { return m_context; }
    [[nodiscard]] int failureCount() const { return m_failureCount; }
    [[nodiscard]] const Ops::Error &failureReason() const { return m_failureReason; }

Q_SIGNALS:
    void stateChanged();
    //! Emitted once per mutate(), after onSettled, with the final status.
    void settled();

private:
    friend class QueryClient;
    enum class Phase {
        None,
        Mutate,
        Rollback,
    };
    void inPhase(Phase phase, const std::function<void()> &fn);
    void run();
    void attempt();
    void finish(bool ok, const QJsonValue &data, const Ops::Error &error);
    void leaveScope();

    QueryClient *m_client;
    MutationOptions m_options;
    MutationStatus m_status = MutationStatus::Idle;
    QJsonValue m_variables;
    QJsonValue m_context;
    QJsonValue m_data;
    Ops::Error m_error;
    Ops::Error m_failureReason;
    int m_failureCount = 0;
    quint64 m_run = 0;
    bool m_paused = false;
    std::optional<QueryContext> m_inflight;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::MutationStatus)
