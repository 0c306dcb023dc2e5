#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

//! \brief A strict parser of the Prometheus text exposition format 0.0.4 for tests: every
//! line must be a well-formed HELP, TYPE or sample line, label values may only use the
//! three escapes, a family's samples are contiguous after its TYPE, and a histogram's
//! buckets are cumulative and end in `+Inf` equal to `_count`.
struct Exposition
{
    struct Sample
    {
        QByteArray name;
        QMap<QByteArray, QByteArray> labels; //!< unescaped values
        double value = 0;
    };

    QList<Sample> samples;
    QHash<QByteArray, QByteArray> types; //!< family → counter/gauge/histogram/…
    QHash<QByteArray, QByteArray> help; //!< family → unescaped HELP text
    QString error; //!< empty when the text is valid

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
    //! Parses \a text; check ok()/error.
    static Exposition parse(const QByteArray &text);

    //! The value of the sample \a name whose labels include \a labels; NaN when absent.
    [[nodiscard]] double value(
        const QByteArray &name, const QMap<QByteArray, QByteArray> &labels = {}) const;
    //! The sum over every sample \a name whose labels include \a labels.
    [[nodiscard]] double sum(
        const QByteArray &name, const QMap<QByteArray, QByteArray> &labels = {}) const;
};
