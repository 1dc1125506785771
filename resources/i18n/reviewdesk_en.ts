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
            <location filename="../../src/reviewdesk/views/about.py" line="110" />
            <location filename="../../src/reviewdesk/views/about.py" line="112" />
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
            <location filename="../../src/reviewdesk/views/crash.py" line="65" />
            <source>reviewdesk 遇到了一个意外错误。</source>
            <translation>reviewdesk ran into an unexpected error.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="78" />
            <source>如需帮助，请把日志文件发给技术支持。</source>
            <translation>If you need help, send the log file to technical support.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="70" />
            <source>已保存的审核结果不会丢失：本地数据的每次修改都在一个事务中完成，未同步的操作会在下次同步时上传。正在进行的那一步操作可能没有完成，请检查后重做。</source>
            <translation>Review results already saved are not lost: every change to the local data is made in one transaction, and unsynced actions are uploaded at the next sync. The step in progress may not have completed; please check it and do it again.</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="84" />
            <source>打开日志目录</source>
            <translation>Open log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="76" />
            <source>日志文件：{path}</source>
            <translation>Log file: {path}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="64" />
            <source>程序出错</source>
            <translation>Error</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="90" />
            <source>继续</source>
            <translation>Continue</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="88" />
            <source>退出程序</source>
            <translation>Quit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="68" />
            <source>错误：{summary}</source>
            <translation>Error: {summary}</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/crash.py" line="66" />
            <source>（未设置日志文件）</source>
            <translation>(no log file set)</translation>
        </message>
    </context>
    <context>
        <name>Enums</name>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>A面</source>
            <translation>Side A</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>B面</source>
            <translation>Side B</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>下级所有</source>
            <translation>All subordinates</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>专技职称</source>
            <translation>Professional title</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>中专</source>
            <translation>Secondary vocational</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>中级</source>
            <translation>Intermediate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>住院医师规范化培训合格证书</source>
            <translation>Standardised residency training certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>允许修改</source>
            <translation>Allow changes</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>全日制</source>
            <translation>Full-time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>初级(士)</source>
            <translation>Junior (technician)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>初级(师)</source>
            <translation>Junior (practitioner)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>区县</source>
            <translation>County</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师执业证</source>
            <translation>Physician practising licence</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师注册库</source>
            <translation>Physician registry</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>医师资格证</source>
            <translation>Physician qualification certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>单位</source>
            <translation>Unit</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>博士研究生</source>
            <translation>Doctorate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>历史考生库</source>
            <translation>Past candidates library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>台湾居民来往大陆通行证</source>
            <translation>Mainland travel permit for Taiwan residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>大专</source>
            <translation>Junior college</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学习形式</source>
            <translation>Mode of study</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学位证书</source>
            <translation>Degree certificate</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学历信息</source>
            <translation>Education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>学历层级</source>
            <translation>Education level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核</source>
            <translation>Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核不通过</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核层级</source>
            <translation>Review tier</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核状态</source>
            <translation>Review status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核结果</source>
            <translation>Review result</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>审核通过</source>
            <translation>Approved</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>对比库</source>
            <translation>Comparison library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>已提交</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>已缴费</source>
            <translation>Paid</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>市州</source>
            <translation>City</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待审核</source>
            <translation>Pending review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待核验</source>
            <translation>Not verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>待缴费</source>
            <translation>Awaiting payment</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>成人教育</source>
            <translation>Adult education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护士执业证</source>
            <translation>Nurse practising licence</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护士注册库</source>
            <translation>Nurse registry</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>护照</source>
            <translation>Passport</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>提交状态</source>
            <translation>Submission status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>数据层级</source>
            <translation>Data scope</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>暂不审核</source>
            <translation>On hold</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>未提交</source>
            <translation>Not submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本科</source>
            <translation>Bachelor</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本科应届生库</source>
            <translation>New graduates library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>本级直属</source>
            <translation>Directly under this level</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>材料上报</source>
            <translation>Report up</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>材料核验</source>
            <translation>Material verification</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验不通过</source>
            <translation>Verification failed</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验状态</source>
            <translation>Verification status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>核验通过</source>
            <translation>Verified</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>港澳台居民居住证</source>
            <translation>Residence permit for HK/Macao/Taiwan residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>港澳居民来往内地通行证</source>
            <translation>Mainland travel permit for HK/Macao residents</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>申报级别</source>
            <translation>Level applied for</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>省级</source>
            <translation>Province</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>省线库</source>
            <translation>Provincial library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>硕士研究生</source>
            <translation>Master's</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>缴费状态</source>
            <translation>Payment status</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>网络教育</source>
            <translation>Online education</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>考生提交</source>
            <translation>Candidate submitted</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>考生撤回</source>
            <translation>Candidate withdrew</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>自学考试</source>
            <translation>Self-study exam</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>补充信息</source>
            <translation>Supplementary information</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证书页面</source>
            <translation>Certificate page</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证件类型</source>
            <translation>ID type</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>证明材料</source>
            <translation>Supporting document</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>资格库</source>
            <translation>Qualification library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>身份证</source>
            <translation>Resident ID card</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>违纪考生库</source>
            <translation>Disciplinary library</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>非全日制</source>
            <translation>Part-time</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/domain/enums.py" line="1" />
            <source>验证报告</source>
            <translation>Verification report</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="337" />
            <source>上一条</source>
            <translation>Previous record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="313" />
            <source>上传本地审核结果并下载更新 (F5)</source>
            <translation>Upload local review results and download updates (F5)</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="334" />
            <source>下一条</source>
            <translation>Next record</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="95" />
            <source>关于(&amp;A)</source>
            <translation>&amp;About</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="352" />
            <source>冲突…</source>
            <translation>Conflicts…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="357" />
            <source>列…</source>
            <translation>Columns…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="310" />
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="320" />
            <source>审核(&amp;R)</source>
            <translation>&amp;Review</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="346" />
            <source>审核后自动跳到下一条</source>
            <translation>Advance to the next record after a decision</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="315" />
            <source>导出…</source>
            <translation>Export…</translation>
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
            <location filename="../../src/reviewdesk/views/main_window.py" line="358" />
            <source>恢复默认列</source>
            <translation>Restore default columns</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="91" />
            <source>打开日志目录(&amp;L)</source>
            <translation>Open &amp;log folder</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="331" />
            <source>撤销</source>
            <translation>Undo</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="306" />
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="316" />
            <source>材料上报…</source>
            <translation>Report up…</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="340" />
            <source>查找姓名</source>
            <translation>Find name</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="343" />
            <source>查看证书图片</source>
            <translation>View certificate images</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="355" />
            <source>视图(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/help_menu.py" line="70" />
            <source>设置(&amp;P)...</source>
            <translation>&amp;Preferences...</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/main_window.py" line="318" />
            <source>退出</source>
            <translation>Quit</translation>
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
            <location filename="../../src/reviewdesk/views/about.py" line="181" />
            <location filename="../../src/reviewdesk/views/about.py" line="190" />
            <source>快捷键</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="185" />
            <source>快捷键列表</source>
            <translation>Keyboard shortcut list</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="189" />
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../src/reviewdesk/views/about.py" line="188" />
            <source>菜单</source>
            <translation>Menu</translation>
        </message>
    </context>
</TS>
