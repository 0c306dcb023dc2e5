#include "querycontext.h"

namespace Ops {

struct QueryContext::State
{
    QueryKey key;
    Completion completion;
    std::function<void()> cancelFn;
    bool settled = false;
    bool cancelled = false;
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
    if (d->settled || d->cancelled)
        return;
    d->settled = true;
    auto completion = std::move(d->completion);
    d->cancelFn = nullptr;
    completion(true, data, {});
}

void QueryContext::reject(const Ops::Error &error) const
{
    if (d->settled || d->cancelled)
        return;
    d->settled = true;
    auto completion = std::move(d->completion);
    d->cancelFn = nullptr;
    completion(false, {}, error);
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

void QueryContext::cancel() const
{
    if (d->settled || d->cancelled)
        return;
    d->cancelled = true;
    d->completion = nullptr;
    if (auto fn = std::move(d->cancelFn))
        fn();
}

} // namespace Ops
