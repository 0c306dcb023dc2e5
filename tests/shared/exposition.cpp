#include "exposition.h"

#include <cmath>
#include <limits>

#include <QSet>

using namespace Qt::StringLiterals;

namespace {

bool isNameChar(char c, bool first, bool allowColon)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (allowColon && c == ':'))
        return true;
    return !first && c >= '0' && c <= '9';
}

//! Reads a name at \a pos; empty on failure.
QByteArray readName(const QByteArray &line, qsizetype &pos, bool allowColon)
{
    const qsizetype start = pos;
    while (pos < line.size() && isNameChar(line.at(pos), pos == start, allowColon))
        ++pos;
    return line.mid(start, pos - start);
}

bool parseValue(const QByteArray &text, double *out)
{
    if (text == "+Inf") {
        *out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == "-Inf") {
        *out = -std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == "NaN") {
        *out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok && !text.contains(' ');
}

QByteArray familyOf(const QByteArray &sample, const QHash<QByteArray, QByteArray> &types)
{
    if (types.contains(sample))
        return sample;
    for (const char *suffix : { "_bucket", "_sum", "_count" }) {
        if (sample.endsWith(suffix)) {
            const QByteArray base = sample.chopped(qstrlen(suffix));
            if (types.value(base) == "histogram" || types.value(base) == "summary")
                return base;
        }
    }
    return sample;
}

bool includes(const QMap<QByteArray, QByteArray> &all, const QMap<QByteArray, QByteArray> &some)
{
    for (auto it = some.begin(); it != some.end(); ++it) {
        if (all.value(it.key()) != it.value() || !all.contains(it.key()))
            return false;
    }
    return true;
}

} // namespace

Exposition Exposition::parse(const QByteArray &text)
{
    Exposition result;
    if (!text.isEmpty() && !text.endsWith('\n')) {
        result.error = u"the text does not end with a newline"_s;
        return result;
    }
    const QList<QByteArray> lines = text.split('\n');
    QByteArray currentFamily;
    QSet<QByteArray> finished; //!< families whose samples are over
    QSet<QByteArray> sampled;
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QByteArray &line = lines.at(n);
        const auto fail = [&](const QString &why) {
            result.error = u"line %1: %2: %3"_s.arg(n + 1).arg(why, QString::fromUtf8(line));
            return result;
        };
        if (line.isEmpty())
            continue;
        if (line.startsWith('#')) {
            const bool isHelp = line.startsWith("# HELP ");
            const bool isType = line.startsWith("# TYPE ");
            if (!isHelp && !isType)
                continue; // a plain comment
            qsizetype pos = 7;
            const QByteArray name = readName(line, pos, true);
            if (name.isEmpty() || pos >= line.size() || line.at(pos) != ' ')
                return fail(u"bad metric name"_s);
            const QByteArray rest = line.mid(pos + 1);
            if (isType) {
                if (result.types.contains(name))
                    return fail(u"second TYPE"_s);
                if (sampled.contains(name))
                    return fail(u"TYPE after samples"_s);
                static const QList<QByteArray> known { "counter", "gauge", "histogram", "summary",
                    "untyped" };
                if (!known.contains(rest))
                    return fail(u"unknown type"_s);
                result.types.insert(name, rest);
            } else {
                if (result.help.contains(name))
                    return fail(u"second HELP"_s);
                QByteArray unescaped;
                for (qsizetype i = 0; i < rest.size(); ++i) {
                    if (rest.at(i) != '\\') {
                        unescaped += rest.at(i);
                        continue;
                    }
                    if (++i >= rest.size())
                        return fail(u"dangling backslash in HELP"_s);
                    if (rest.at(i) == '\\')
                        unescaped += '\\';
                    else if (rest.at(i) == 'n')
                        unescaped += '\n';
                    else
                        return fail(u"bad escape in HELP"_s);
                }
                result.help.insert(name, unescaped);
            }
            continue;
        }
        Sample sample;
        qsizetype pos = 0;
        sample.name = readName(line, pos, true);
        if (sample.name.isEmpty())
            return fail(u"bad sample name"_s);
        if (pos < line.size() && line.at(pos) == '{') {
            ++pos;
            while (true) {
                if (pos < line.size() && line.at(pos) == '}') {
                    ++pos;
                    break;
                }
                const QByteArray label = readName(line, pos, false);
                if (label.isEmpty() || pos + 1 >= line.size() || line.at(pos) != '='
                    || line.at(pos + 1) != '"')
                    return fail(u"bad label"_s);
                pos += 2;
                QByteArray value;
                bool closed = false;
                while (pos < line.size()) {
                    const char c = line.at(pos++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c != '\\') {
                        value += c;
                        continue;
                    }
                    if (pos >= line.size())
                        return fail(u"dangling backslash"_s);
                    const char e = line.at(pos++);
                    if (e == '\\')
                        value += '\\';
                    else if (e == '"')
                        value += '"';
                    else if (e == 'n')
                        value += '\n';
                    else
                        return fail(u"bad escape in a label value"_s);
                }
                if (!closed)
                    return fail(u"unterminated label value"_s);
                if (sample.labels.contains(label))
                    return fail(u"repeated label"_s);
                sample.labels.insert(label, value);
                if (pos < line.size() && line.at(pos) == ',') {
                    ++pos;
                    if (pos < line.size() && line.at(pos) == '}')
                        return fail(u"trailing comma"_s);
                } else if (pos >= line.size() || line.at(pos) != '}') {
                    return fail(u"expected ',' or '}'"_s);
                }
            }
        }
        if (pos >= line.size() || line.at(pos) != ' ')
            return fail(u"expected a space before the value"_s);
        const QList<QByteArray> rest = line.mid(pos + 1).split(' ');
        if (rest.isEmpty() || rest.size() > 2 || !parseValue(rest.at(0), &sample.value))
            return fail(u"bad value"_s);
        const QByteArray family = familyOf(sample.name, result.types);
        if (!result.types.contains(family))
            return fail(u"sample without a TYPE"_s);
        if (family != currentFamily) {
            if (finished.contains(family))
                return fail(u"samples of one family are not contiguous"_s);
            if (!currentFamily.isEmpty())
                finished.insert(currentFamily);
            currentFamily = family;
        }
        sampled.insert(family);
        if (result.types.value(family) == "histogram" && sample.name == family)
            return fail(u"a histogram sample without _bucket/_sum/_count"_s);
        if (sample.name.endsWith("_bucket") && !sample.labels.contains("le"))
            return fail(u"bucket without le"_s);
        result.samples.append(sample);
    }

    // Histograms: cumulative buckets, +Inf == _count, per label set.
    for (auto it = result.types.begin(); it != result.types.end(); ++it) {
        if (it.value() != "histogram")
            continue;
        QHash<QString, QList<Sample>> buckets;
        QHash<QString, double> counts;
        for (const Sample &s : std::as_const(result.samples)) {
            QMap<QByteArray, QByteArray> key = s.labels;
            key.remove("le");
            QString keyText;
            for (auto k = key.begin(); k != key.end(); ++k)
                keyText += QString::fromUtf8(k.key() + '=' + k.value() + ';');
            if (s.name == it.key() + "_bucket")
                buckets[keyText].append(s);
            else if (s.name == it.key() + "_count")
                counts.insert(keyText, s.value);
        }
        for (auto b = buckets.begin(); b != buckets.end(); ++b) {
            double previousLe = -std::numeric_limits<double>::infinity();
            double previous = 0;
            for (const Sample &s : b.value()) {
                double le = 0;
                if (!parseValue(s.labels.value("le"), &le) || le <= previousLe) {
                    result.error = u"%1: le not ascending"_s.arg(QString::fromUtf8(it.key()));
                    return result;
                }
                if (s.value < previous) {
                    result.error = u"%1: buckets not cumulative"_s.arg(QString::fromUtf8(it.key()));
                    return result;
                }
                previousLe = le;
                previous = s.value;
            }
            if (!std::isinf(previousLe) || !counts.contains(b.key())
                || counts.value(b.key()) != previous) {
                result.error = u"%1: +Inf bucket missing or not equal to _count"_s.arg(
                    QString::fromUtf8(it.key()));
                return result;
            }
        }
    }
    return result;
}

double Exposition::value(const QByteArray &name, const QMap<QByteArray, QByteArray> &labels) const
{
    for (const Sample &s : samples) {
        if (s.name == name && includes(s.labels, labels))
            return s.value;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double Exposition::sum(const QByteArray &name, const QMap<QByteArray, QByteArray> &labels) const
{
    double total = 0;
    for (const Sample &s : samples) {
        if (s.name == name && includes(s.labels, labels))
            total += s.value;
    }
    return total;
}
