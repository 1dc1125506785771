<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="76" />
            <source>关于 reviewdesk</source>
            <translation>About reviewdesk</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="78" />
            <source>卫生专业技术资格考试报名资格审核工作台（湖北考区）</source>
            <translation>Registration review workstation for the health professional qualification examination (Hubei)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="109" />
            <location filename="../../src/reviewdesk/views/about.py" line="110" />
            <source>复制信息</source>
            <translation>Copy information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="95" />
            <location filename="../../src/reviewdesk/views/about.py" line="96" />
            <source>打开</source>
            <translation>Open</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="95" />
            <source>数据位置：</source>
            <translation>Data location:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="96" />
            <source>日志位置：</source>
            <translation>Log location:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="94" />
            <source>服务器：</source>
            <translation>Server:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="85" />
            <source>未连接</source>
            <translation>Not connected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="93" />
            <source>版本：</source>
            <translation>Version:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="97" />
            <source>运行环境：</source>
            <translation>Runtime:</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="64" />
            <source>reviewdesk 遇到了一个意外错误。</source>
            <translation>reviewdesk ran into an unexpected error.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="77" />
            <source>如需帮助，请把日志文件发给技术支持。</source>
            <translation>If you need help, send the log file to technical support.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="69" />
            <source>已保存的审核结果不会丢失：本地数据的每次修改都在一个事务中完成，未同步的操作会在下次同步时上传。正在进行的那一步操作可能没有完成，请检查后重做。</source>
            <translation>Review results already saved are not lost: every change to the local data is made in one transaction, and unsynced actions are uploaded at the next sync. The step in progress may not have completed; please check it and do it again.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="82" />
            <source>打开日志目录</source>
            <translation>Open log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="75" />
            <source>日志文件：{path}</source>
            <translation>Log file: {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="63" />
            <source>程序出错</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="85" />
            <source>继续</source>
            <translation>Continue</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="84" />
            <source>退出程序</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="67" />
            <source>错误：{summary}</source>
            <translation>Error: {summary}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="65" />
            <source>（未设置日志文件）</source>
            <translation>(no log file set)</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="95" />
            <source>关于(&amp;A)</source>
            <translation>&amp;About</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="68" />
            <source>工具</source>
            <translation>Tools</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="68" />
            <source>工具(&amp;T)</source>
            <translation>&amp;Tools</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="50" />
            <location filename="../../src/reviewdesk/views/help_menu.py" line="67" />
            <source>帮助</source>
            <translation>Help</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="67" />
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="86" />
            <source>快捷键(&amp;K)</source>
            <translation>&amp;Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="91" />
            <source>打开日志目录(&amp;L)</source>
            <translation>Open &amp;log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="70" />
            <source>设置(&amp;P)...</source>
            <translation>&amp;Preferences...</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="72" />
            <source>审核后自动跳到下一条</source>
            <translation>Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="70" />
            <source>审核后自动跳到下一条(&amp;A)</source>
            <translation>&amp;Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="113" />
            <source>已恢复默认窗口布局</source>
            <translation>Default window layout restored</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="77" />
            <source>恢复默认窗口布局</source>
            <translation>Restore the default window layout</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="75" />
            <source>恢复默认窗口布局(&amp;R)</source>
            <translation>&amp;Restore the default window layout</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="54" />
            <source>服务器地址</source>
            <translation>Server address</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="82" />
            <source>服务器地址(&amp;S)：</source>
            <translation>&amp;Server address:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="59" />
            <source>界面语言</source>
            <translation>Interface language</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="84" />
            <source>界面语言(&amp;L)：</source>
            <translation>Interface &amp;language:</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="48" />
            <source>设置</source>
            <translation>Settings</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/settings_dialog.py" line="64" />
            <source>语言更改将在重新启动 reviewdesk 后生效。</source>
            <translation>The language change takes effect when reviewdesk is restarted.</translation>
        </message>
    </context>
    <context>
        <name>ShortcutsDialog</name>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="179" />
            <location filename="../../src/reviewdesk/views/about.py" line="188" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="183" />
            <source>快捷键列表</source>
            <translation>Keyboard shortcut list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="187" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="186" />
            <source>菜单</source>
            <translation>Menu</translation>
        </message>
    </context>
</TS>
