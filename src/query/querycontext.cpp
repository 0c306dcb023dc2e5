#include "querycontext.h"

namespace Ops {

struct QueryContext::State
{
    QueryKey key;
    Completion completion;
    std::function<void()> cancelFn;
    QJsonValue previous;
    QVariant meta;
    std::chrono::milliseconds retryAfter { 0 };
    bool settled = false;
    bool cancelled = false;
    bool notModified = false;
    bool newMeta = false;
};

QueryContext::QueryContext(QueryKey key, Completion completion)
    : d(std::make_shared<State>())
{
    d->key = std::move(key);
    d->completion = std::move(completion);
}

const QueryKey &QueryContext::key() const
{
    return d->key;
}

void QueryContext::resolve(const QJsonValue &data) const
{
    settle(true, data, {});
}

void QueryContext::resolveNotModified() const
{
    if (d->settled || d->cancelled)
        return;
    d->notModified = true;
    resolve(d->previous);
}

void QueryContext::reject(const Ops::Error &error) const
{
    settle(false, {}, error);
}

void QueryContext::settle(bool ok, const QJsonValue &data, const Ops::Error &error) const
{
    if (d->settled || d->cancelled)
        return;
    d->settled = true;
    auto completion = std::move(d->completion);
    d->cancelFn = nullptr;
    if (completion)
        completion(ok, data, error);
}

void QueryContext::reject(const Ops::Error &error, std::chrono::milliseconds retryAfter) const
{
    if (d->settled || d->cancelled)
        return;
    d->retryAfter = retryAfter;
    reject(error);
}

void QueryContext::onCancel(std::function<void()> fn) const
{
    if (d->cancelled) {
        fn();
        return;
    }
    if (!d->settled)
        d->cancelFn = std::move(fn);
}

bool QueryContext::isCancelled() const
{
    return d->cancelled;
}

bool QueryContext::isSettled() const
{
    return d->settled;
}

QJsonValue QueryContext::previousData() const
{
    return d->previous;
}

QVariant QueryContext::meta() const
{
    return d->meta;
}

void QueryContext::setMeta(const QVariant &meta) const
{
    d->meta = meta;
    d->newMeta = true;
}

void QueryContext::cancel() const
{
    if (d->settled || d->cancelled)
        return;
    d->cancelled = true;
    d->completion = nullptr;
    if (auto fn = std::move(d->cancelFn))
        fn();
}

void QueryContext::setPrevious(const QJsonValue &data, const QVariant &meta) const
{
    d->previous = data;
    d->meta = meta;
}

bool QueryContext::wasNotModified() const
{
    return d->notModified;
}

std::chrono::milliseconds QueryContext::retryAfter() const
{
    return d->retryAfter;
}

bool QueryContext::hasNewMeta() const
{
    return d->newMeta;
}

} // namespace Ops
