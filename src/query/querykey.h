#pragma once

#include <initializer_list>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonValue>
#include <QMetaType>

namespace Ops {

//! \brief An ordered list of JSON values naming one cached query, e.g. `["order", "ORD-1"]`.
//!
//! The hash is the compact JSON of the parts with object members sorted, so `{"a":1,"b":2}` and
//! `{"b":2,"a":1}` hash the same (query-core's `hashKey`). It is computed once, on construction.
//! The hash is also a complete description of the key: fromHash() gives the parts back, so the
//! cache keeps only the hash text per entry.
class QueryKey
{
public:
    QueryKey() = default;
    QueryKey(std::initializer_list<QJsonValue> parts);
    explicit QueryKey(QJsonArray parts);
    //! The key whose hash() is \a hash, a hash this class produced: parses the canonical text.
    //! Numbers come back as JSON numbers (an integral double as an integer).
    [[nodiscard]] static QueryKey fromHash(const QByteArray &hash);

    [[nodiscard]] const QJsonArray &parts() const { return m_parts; }
    [[nodiscard]] const QByteArray &hash() const { return m_hash; }
    [[nodiscard]] bool isEmpty() const { return m_parts.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_parts.size(); }
    [[nodiscard]] QJsonValue at(qsizetype i) const { return m_parts.at(i); }

    //! Partial match as a filter: arrays match by leading items, objects as subsets, scalars by
    //! equality. `["orders"]` matches `["orders", {"page": 2}]`; an empty key matches everything.
    [[nodiscard]] bool matches(const QueryKey &filter) const;
    [[nodiscard]] QString toString() const { return QString::fromUtf8(m_hash); }

    //! The hash of the first \a n parts without the closing bracket (`["orders"` for n = 1):
    //! the name of the prefix bucket of the cache's index. Never equal to a full hash.
    [[nodiscard]] QByteArray prefixHash(qsizetype n) const;
    //! How many leading parts are scalars (matched by equality, so an index can serve them).
    [[nodiscard]] qsizetype scalarPrefixLength() const;

    //! On a hash text alone: how many parts it names, and how long prefixHash(n) is.
    [[nodiscard]] static qsizetype partCount(QByteArrayView hash);
    [[nodiscard]] static qsizetype prefixLength(QByteArrayView hash, qsizetype n);

    friend bool operator==(const QueryKey &a, const QueryKey &b) { return a.m_hash == b.m_hash; }
    friend size_t qHash(const QueryKey &key, size_t seed = 0) { return qHash(key.m_hash, seed); }

private:
    QJsonArray m_parts;
    QByteArray m_hash;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::QueryKey)
