#include "querykey.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Ops {
namespace {

bool partialMatch(const QJsonValue &value, const QJsonValue &filter)
{
    if (filter.isObject()) {
        if (!value.isObject())
            return false;
        const QJsonObject v = value.toObject();
        const QJsonObject f = filter.toObject();
        for (auto it = f.begin(); it != f.end(); ++it) {
            if (!v.contains(it.key()) || !partialMatch(v.value(it.key()), it.value()))
                return false;
        }
        return true;
    }
    if (filter.isArray()) {
        if (!value.isArray())
            return false;
        const QJsonArray v = value.toArray();
        const QJsonArray f = filter.toArray();
        if (f.size() > v.size())
            return false;
        for (qsizetype i = 0; i < f.size(); ++i) {
            if (!partialMatch(v.at(i), f.at(i)))
                return false;
        }
        return true;
    }
    return value == filter;
}

} // namespace

QueryKey::QueryKey(std::initializer_list<QJsonValue> parts)
    : QueryKey(QJsonArray(parts))
{
}

QueryKey::QueryKey(QJsonArray parts)
    : m_parts(std::move(parts))
    , m_hash(QJsonDocument(m_parts).toJson(QJsonDocument::Compact))
{
}

bool QueryKey::matches(const QueryKey &filter) const
{
    return partialMatch(m_parts, filter.m_parts);
}

} // namespace Ops
