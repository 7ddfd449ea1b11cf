import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { useStore } from './store'
import './styles.css'

// Start-up asks core for the profiles (then the selected profile's list) now, so the round trips
// run while React renders the first frame, not after it and its effects.
useStore.getState().start()

const root = document.getElementById('root')
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>)
