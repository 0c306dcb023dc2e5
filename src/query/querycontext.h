#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <QJsonValue>
#include <QVariant>

#include "core/error.h"
#include "querykey.h"

namespace Ops {

//! \brief What a query function receives: the key, and the one-shot way to settle the fetch.
//!
//! The Qt counterpart of query-core's `queryFn({ queryKey, signal, meta })` returning a promise.
//! `resolve` / `reject` may be called synchronously or later, from the thread the client lives
//! in; only the first call counts, and none counts after the fetch was cancelled. A transport
//! registers `onCancel` to abort its request (e.g. `QNetworkReply::abort`): the abort token.
class QueryContext
{
public:
    using Completion =
        std::function<void(bool ok, const QJsonValue &data, const Ops::Error &error)>;

    QueryContext(QueryKey key, Completion completion);

    [[nodiscard]] const QueryKey &key() const;
    void resolve(const QJsonValue &data) const;
    void reject(const Ops::Error &error) const;
    //! Rejects and asks the client to wait at least \a retryAfter before its next attempt
    //! (an HTTP `Retry-After`); the client still decides whether to retry.
    void reject(const Ops::Error &error, std::chrono::milliseconds retryAfter) const;
    //! The cached data is still current (HTTP 304): a successful, fresh fetch that keeps it.
    void resolveNotModified() const;
    //! \a fn runs once if the fetch is cancelled before it settled (immediately if it already was).
    void onCancel(std::function<void()> fn) const;
    [[nodiscard]] bool isCancelled() const;
    [[nodiscard]] bool isSettled() const;

    //! The data the cache held when this fetch started (for conditional and delta requests).
    [[nodiscard]] QJsonValue previousData() const;
    //! Transport bookkeeping the cache keeps with the query's data (e.g. ETag and position);
    //! what the last successful fetch stored with setMeta().
    [[nodiscard]] QVariant meta() const;
    //! Stored with the data when this fetch succeeds.
    void setMeta(const QVariant &meta) const;

    //! Called by the client: marks the fetch cancelled and runs the cancel callback.
    void cancel() const;

    // Client side.
    void setPrevious(const QJsonValue &data, const QVariant &meta) const;
    [[nodiscard]] bool wasNotModified() const;
    [[nodiscard]] std::chrono::milliseconds retryAfter() const;
    [[nodiscard]] bool hasNewMeta() const;

private:
    //! Hands the outcome to the completion once (not after a cancel or another settle).
    void settle(bool ok, const QJsonValue &data, const Ops::Error &error) const;

    struct State;
    std::shared_ptr<State> d;
};

//! A query function: starts fetching `context.key()` and settles the context.
using QueryFn = std::function<void(const QueryContext &context)>;

} // namespace Ops
