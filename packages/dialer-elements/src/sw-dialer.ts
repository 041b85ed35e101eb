// The one-script-tag bundle entry: `<script type="module" src=".../sw-dialer.js">` defines every element.
import './define.js';
