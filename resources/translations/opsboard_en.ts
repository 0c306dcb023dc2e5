<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Ops::AlertsPanel</name>
    <message numerus="yes">
        <location filename="../../ui/alertspanel.cpp" line="+180" />
        <source>%n alert(s) raised while you were away</source>
        <translation>
            <numerusform>%n alert raised while you were away</numerusform>
            <numerusform>%n alerts raised while you were away</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ops::AwayBanner</name>
    <message numerus="yes">
        <location filename="../../ui/awaybanner.cpp" line="+95" />
        <source>While you were away (since %1): %n open alert(s)</source>
        <translation>
            <numerusform>While you were away (since %1): %n open alert</numerusform>
            <numerusform>While you were away (since %1): %n open alerts</numerusform>
        </translation>
    </message>
</context>
</TS>
